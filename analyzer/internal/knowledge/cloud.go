package knowledge

// The cloud queues (docs/cloud-clients.md).

// goCDKClient is the Go CDK's portable pub/sub (gocloud.dev/pubsub). Its
// Message carries its headers in Metadata (map[string]string), which every
// driver keeps with the message. The Go CDK starts spans of its own but
// writes nothing into Metadata and reads nothing from it: a Send without
// injection loses the trace whatever the driver, and the context Receive
// is given is the caller's.
func goCDKClient() Client {
	const path = "gocloud.dev/pubsub"
	return Client{
		Name:   path,
		System: "gocloud",
		Pkgs:   []string{path},
		Sends: []Send{
			{Func: "(*" + path + ".Topic).Send", Arg: 1, Label: path + " Topic.Send"},
		},
		Receives: []string{"(*" + path + ".Subscription).Receive"},
		Messages: []Message{
			{Pkg: path, Name: "Message", Produced: true, Consumed: true, HeaderField: "Metadata", Shape: ShapeStringMap},
		},
	}
}

// azureServiceBusClient is Azure Service Bus's client (azservicebus). Its
// messages carry their headers in ApplicationProperties (map[string]any,
// AMQP values: strings come back as string). It has no tracing of its
// own. A batch is encoded when a message is added to it, so the send point
// of a batch is MessageBatch.AddMessage, not Sender.SendMessageBatch.
// PeekMessages does not consume (nothing can be settled): it is no receive.
func azureServiceBusClient() Client {
	const path = "github.com/Azure/azure-sdk-for-go/sdk/messaging/azservicebus"
	const name = "azservicebus"
	sender := "(*" + path + ".Sender)."
	return Client{
		Name:   name,
		System: "azure-servicebus",
		Pkgs:   []string{path},
		Sends: []Send{
			{Func: sender + "SendMessage", Arg: 1, Label: name + " Sender.SendMessage"},
			{Func: sender + "SendAMQPAnnotatedMessage", Arg: 1, Label: name + " Sender.SendAMQPAnnotatedMessage"},
			{Func: sender + "ScheduleMessages", Arg: 1, Slice: true, Label: name + " Sender.ScheduleMessages"},
			{Func: "(*" + path + ".MessageBatch).AddMessage", Arg: 0, Label: name + " MessageBatch.AddMessage"},
		},
		Receives: []string{
			"(*" + path + ".Receiver).ReceiveMessages",
			"(*" + path + ".Receiver).ReceiveDeferredMessages",
			"(*" + path + ".SessionReceiver).ReceiveMessages",
			"(*" + path + ".SessionReceiver).ReceiveDeferredMessages",
		},
		Messages: []Message{
			{Pkg: path, Name: "Message", Produced: true, HeaderField: "ApplicationProperties", Shape: ShapeAnyMap},
			{Pkg: path, Name: "AMQPAnnotatedMessage", Produced: true, HeaderField: "ApplicationProperties", Shape: ShapeAnyMap},
			{Pkg: path, Name: "ReceivedMessage", Consumed: true, HeaderField: "ApplicationProperties", Shape: ShapeAnyMap},
		},
	}
}

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

// googlePubSubClient is Google Cloud Pub/Sub's client, v2
// (cloud.google.com/go/pubsub/v2: Publisher.Publish, Subscriber.Receive)
// and v1 (cloud.google.com/go/pubsub: Topic.Publish,
// Subscription.Receive). Both declare Message as an alias of one internal
// type, whose headers are Attributes (map[string]string). The client has
// OpenTelemetry tracing of its own, off by default and switched on by
// ClientConfig.EnableOpenTelemetryTracing in NewClientWithConfig: Publish
// then starts a span from its ctx and injects it (under
// "googclient_"-prefixed attributes, with the W3C trace-context format
// whatever the global propagator), and Receive extracts it into the
// context it calls the callback with. Publishers, topics, subscribers and
// subscriptions are derived from the client and share its tracing, so
// they are hooked clients judged by how the client is built.
func googlePubSubClient() Client {
	const (
		v2       = "cloud.google.com/go/pubsub/v2"
		v1       = "cloud.google.com/go/pubsub"
		internal = "cloud.google.com/go/internal/pubsub"
	)
	const injector = "the client's OpenTelemetry tracing injects"
	return Client{
		Name:   "pubsub",
		System: "gcp-pubsub",
		Pkgs:   []string{v2, v1, internal},
		Sends: []Send{
			{Func: "(*" + v2 + ".Publisher).Publish", Arg: 1, Ctx: 0, Label: "pubsub Publisher.Publish", Injector: injector},
			{Func: "(*" + v1 + ".Topic).Publish", Arg: 1, Ctx: 0, Label: "pubsub Topic.Publish", Injector: injector},
		},
		ReceiveCallbacks: []ReceiveCallback{
			{Func: "(*" + v2 + ".Subscriber).Receive", Arg: 1},
			{Func: "(*" + v1 + ".Subscription).Receive", Arg: 1},
		},
		Messages: []Message{
			{Pkg: internal, Name: "Message", Produced: true, Consumed: true, HeaderField: "Attributes", Shape: ShapeStringMap,
				ExtractNote: "; or build the client with ClientConfig.EnableOpenTelemetryTracing, which starts the callback's ctx from the message's trace (it reads only the googclient_-prefixed attributes a producer's client with tracing on writes)"},
		},
		Hooks: &Hooks{
			Clients: []string{v2 + ".Client", v2 + ".Publisher", v2 + ".Subscriber", v1 + ".Client", v1 + ".Topic", v1 + ".Subscription"},
			New:     []string{v2 + ".NewClient", v2 + ".NewClientWithConfig", v1 + ".NewClient", v1 + ".NewClientWithConfig"},
			TracingFields: []TracingField{
				{Type: v2 + ".ClientConfig", Field: "EnableOpenTelemetryTracing"},
				{Type: v1 + ".ClientConfig", Field: "EnableOpenTelemetryTracing"},
			},
			Derive: []string{
				"(*" + v2 + ".Client).Publisher", "(*" + v2 + ".Client).Subscriber",
				"(*" + v1 + ".Client).Topic", "(*" + v1 + ".Client).TopicInProject",
				"(*" + v1 + ".Client).CreateTopic", "(*" + v1 + ".Client).CreateTopicWithConfig",
				"(*" + v1 + ".Client).Subscription", "(*" + v1 + ".Client).SubscriptionInProject",
				"(*" + v1 + ".Client).CreateSubscription",
			},
			ContextBy: "the client's OpenTelemetry tracing",
			FixTitle:  "Start the span from the callback's context, which the client's tracing started from the message's trace",
			Untraced:  " (the client is built without ClientConfig.EnableOpenTelemetryTracing, which makes Publish inject a span of its own, read only by consumers whose client has it on too)",
		},
	}
}

// awsSQSClient is AWS SQS's client (aws-sdk-go-v2 service/sqs). A message's
// headers are its MessageAttributes, a map of attribute structs (the
// attributes shape). The SDK writes and reads none of them: otelaws
// instruments the API call, injecting into the HTTP request's headers,
// which SQS does not keep with the message. A received message is a
// types.Message of ReceiveMessageOutput.Messages; SQS returns its
// attributes only when the input asks for them (AttributeRequests).
func awsSQSClient() Client {
	const (
		path = "github.com/aws/aws-sdk-go-v2/service/sqs"
		typs = path + "/types"
	)
	client := "(*" + path + ".Client)."
	return Client{
		Name:   "sqs",
		System: "sqs",
		Pkgs:   []string{path, typs},
		Sends: []Send{
			{Func: client + "SendMessage", Arg: 1, Label: "sqs Client.SendMessage"},
			{Func: client + "SendMessageBatch", Arg: 1, Field: "Entries", Label: "sqs Client.SendMessageBatch"},
		},
		Receives: []string{client + "ReceiveMessage"},
		AttributeRequests: []AttributeRequest{
			{Func: client + "ReceiveMessage", Arg: 1, Field: "MessageAttributeNames", All: []string{"All", ".*"},
				Others: []string{"MessageSystemAttributeNames", "AttributeNames"}, Label: "sqs Client.ReceiveMessage", Service: "SQS"},
		},
		Messages: []Message{
			{Pkg: path, Name: "SendMessageInput", Produced: true, HeaderField: "MessageAttributes", Shape: ShapeAttributes, Body: sqsBody},
			{Pkg: typs, Name: "SendMessageBatchRequestEntry", Produced: true, HeaderField: "MessageAttributes", Shape: ShapeAttributes, Body: sqsBody},
			{Pkg: typs, Name: "Message", Consumed: true, HeaderField: "MessageAttributes", Shape: ShapeAttributes},
		},
	}
}

// sqsBody are the fields of an SQS message that reach the consumer besides
// its MessageAttributes: the body, and the system attributes (X-Ray's
// AWSTraceHeader).
var sqsBody = []string{"MessageBody", "MessageSystemAttributes"}

// awsSNSClient is AWS SNS's client (aws-sdk-go-v2 service/sns): Publish's
// input carries MessageAttributes of the same shape as SQS's (a type of
// its own). SNS has no receive: its consumers are SQS queues, Lambda and
// HTTP endpoints.
func awsSNSClient() Client {
	const path = "github.com/aws/aws-sdk-go-v2/service/sns"
	return Client{
		Name:   "sns",
		System: "sns",
		Pkgs:   []string{path, path + "/types"},
		Sends: []Send{
			{Func: "(*" + path + ".Client).Publish", Arg: 1, Label: "sns Client.Publish"},
			{Func: "(*" + path + ".Client).PublishBatch", Arg: 1, Field: "PublishBatchRequestEntries", Label: "sns Client.PublishBatch"},
		},
		Messages: []Message{
			{Pkg: path, Name: "PublishInput", Produced: true, HeaderField: "MessageAttributes", Shape: ShapeAttributes, Body: []string{"Message"}},
			{Pkg: path + "/types", Name: "PublishBatchRequestEntry", Produced: true, HeaderField: "MessageAttributes", Shape: ShapeAttributes, Body: []string{"Message"}},
		},
	}
}

// awsLambdaEvents is AWS Lambda's SQS event (aws-lambda-go's events): a
// handler taking an events.SQSEvent (given to lambda.Start, whose handler
// is an interface{}) consumes each of its Records, an events.SQSMessage
// whose MessageAttributes hold the producer's trace context. The
// handler's ctx is the invocation's (Lambda puts only the invocation's
// X-Ray trace id in it), not a record's. SNS events (SNSEntity's
// MessageAttributes, JSON objects {"Type", "Value"} in a map[string]any)
// are not in the table: docs/cloud-clients.md.
func awsLambdaEvents() Client {
	const path = "github.com/aws/aws-lambda-go/events"
	return Client{
		Name:       "aws-lambda-go events",
		System:     "sqs",
		Pkgs:       []string{path},
		Containers: []string{path + ".SQSEvent"},
		Messages: []Message{
			{Pkg: path, Name: "SQSMessage", Consumed: true, HeaderField: "MessageAttributes", Shape: ShapeEventAttributes},
		},
	}
}

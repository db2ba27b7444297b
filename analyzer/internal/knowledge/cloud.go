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

package knowledge

// amqpClient is a RabbitMQ client with amqp091-go's API at path
// (amqp091-go, and streadway/amqp, which it forked): a Publishing, passed
// by value, carries its headers in a Table (map[string]any). The context
// of PublishWithContext only cancels the publish; it propagates nothing.
func amqpClient(name, path string, withContext bool) Client {
	ch := "(*" + path + ".Channel)."
	c := Client{
		Name:   name,
		System: "amqp",
		Pkgs:   []string{path},
		Sends: []Send{
			{Func: ch + "Publish", Arg: 4, Label: name + " Channel.Publish"},
		},
		Receives: []string{ch + "Consume", ch + "Get"},
		Messages: []Message{
			{Pkg: path, Name: "Publishing", Produced: true, HeaderField: "Headers", Shape: ShapeAnyMap},
			{Pkg: path, Name: "Delivery", Consumed: true, HeaderField: "Headers", Shape: ShapeAnyMap},
		},
		DestSends: []DestSend{{Func: ch + "Publish", Args: []int{0, 1}}},
		Subscriptions: []Subscription{
			{Func: ch + "Consume", Arg: 0, Handler: -1},
			{Func: ch + "Get", Arg: 0, Handler: -1},
		},
	}
	if withContext {
		c.Sends = append(c.Sends,
			Send{Func: ch + "PublishWithContext", Arg: 5, Label: name + " Channel.PublishWithContext"},
			Send{Func: ch + "PublishWithDeferredConfirm", Arg: 4, Label: name + " Channel.PublishWithDeferredConfirm"},
			Send{Func: ch + "PublishWithDeferredConfirmWithContext", Arg: 5, Label: name + " Channel.PublishWithDeferredConfirmWithContext"},
		)
		c.Receives = append(c.Receives, ch+"ConsumeWithContext")
		c.DestSends = append(c.DestSends,
			DestSend{Func: ch + "PublishWithContext", Args: []int{1, 2}},
			DestSend{Func: ch + "PublishWithDeferredConfirm", Args: []int{0, 1}},
			DestSend{Func: ch + "PublishWithDeferredConfirmWithContext", Args: []int{1, 2}},
		)
		c.Subscriptions = append(c.Subscriptions, Subscription{Func: ch + "ConsumeWithContext", Arg: 1, Handler: -1})
	}
	return c
}

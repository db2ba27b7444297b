package knowledge

// natsCase is the consumer advice for NATS headers, whose keys are
// case-sensitive.
const natsCase = "; NATS header keys are case-sensitive, and Go's HeaderCarrier writes Traceparent while other languages write traceparent, so read the keys case-insensitively"

// natsClient is NATS's Go client: core NATS, the legacy JetStream API of
// package nats, and the JetStream API of package jetstream. Core sends of
// a subject and a payload (Publish, Request, Respond) take no headers: a
// fix builds a *nats.Msg and calls the ...Msg variant.
func natsClient() Client {
	const nats = "github.com/nats-io/nats.go"
	const js = nats + "/jetstream"
	msg := nats + ".Msg"
	conn := "(*" + nats + ".Conn)."
	legacy := "(" + nats + ".JetStream)."
	pub := "(" + js + ".Publisher)."
	bare := func(method string, args string, fields ...ArgField) *Reroute {
		return &Reroute{Method: method, Msg: msg, Pointer: true, Fields: fields, Args: args}
	}
	subject, data := ArgField{"Subject", 0}, ArgField{"Data", 1}
	var subs []Subscription
	for _, r := range []string{conn, legacy} {
		subs = append(subs,
			Subscription{Func: r + "Subscribe", Arg: 0, Handler: 1},
			Subscription{Func: r + "QueueSubscribe", Arg: 0, Handler: 2},
			Subscription{Func: r + "SubscribeSync", Arg: 0, Handler: -1, Result: true},
			Subscription{Func: r + "QueueSubscribeSync", Arg: 0, Handler: -1, Result: true},
			Subscription{Func: r + "ChanSubscribe", Arg: 0, Handler: 1},
			Subscription{Func: r + "ChanQueueSubscribe", Arg: 0, Handler: 2},
		)
	}
	subs = append(subs,
		Subscription{Func: conn + "QueueSubscribeSyncWithChan", Arg: 0, Handler: 2},
		Subscription{Func: legacy + "PullSubscribe", Arg: 0, Handler: -1, Result: true},
	)
	return Client{
		Name:   "nats",
		System: "nats",
		Pkgs:   []string{nats, js},
		Sends: []Send{
			{Func: conn + "PublishMsg", Arg: 0, Label: "nats Conn.PublishMsg"},
			{Func: conn + "RequestMsg", Arg: 0, Label: "nats Conn.RequestMsg"},
			{Func: conn + "RequestMsgWithContext", Arg: 1, Label: "nats Conn.RequestMsgWithContext"},
			{Func: "(*" + msg + ").RespondMsg", Arg: 0, Label: "nats Msg.RespondMsg"},
			{Func: legacy + "PublishMsg", Arg: 0, Label: "nats JetStream.PublishMsg"},
			{Func: legacy + "PublishMsgAsync", Arg: 0, Label: "nats JetStream.PublishMsgAsync"},
			{Func: pub + "PublishMsg", Arg: 1, Label: "jetstream Publisher.PublishMsg"},
			{Func: pub + "PublishMsgAsync", Arg: 0, Label: "jetstream Publisher.PublishMsgAsync"},

			{Func: conn + "Publish", Label: "nats Conn.Publish", Bare: bare("PublishMsg", "$msg", subject, data)},
			{Func: conn + "PublishRequest", Label: "nats Conn.PublishRequest", Bare: bare("PublishMsg", "$msg", subject, ArgField{"Reply", 1}, ArgField{"Data", 2})},
			{Func: conn + "Request", Label: "nats Conn.Request", Bare: bare("RequestMsg", "$msg, $2", subject, data)},
			{Func: conn + "RequestWithContext", Label: "nats Conn.RequestWithContext", Bare: bare("RequestMsgWithContext", "$0, $msg", ArgField{"Subject", 1}, ArgField{"Data", 2})},
			{Func: "(*" + msg + ").Respond", Label: "nats Msg.Respond", Bare: bare("RespondMsg", "$msg", ArgField{"Data", 0})},
			{Func: legacy + "Publish", Label: "nats JetStream.Publish", Bare: bare("PublishMsg", "$msg, $2...", subject, data)},
			{Func: legacy + "PublishAsync", Label: "nats JetStream.PublishAsync", Bare: bare("PublishMsgAsync", "$msg, $2...", subject, data)},
			{Func: pub + "Publish", Label: "jetstream Publisher.Publish", Bare: bare("PublishMsg", "$0, $msg, $3...", ArgField{"Subject", 1}, ArgField{"Data", 2})},
			{Func: pub + "PublishAsync", Label: "jetstream Publisher.PublishAsync", Bare: bare("PublishMsgAsync", "$msg, $2...", subject, data)},
		},
		Receives: []string{
			"(*" + nats + ".Subscription).NextMsg",
			"(*" + nats + ".Subscription).NextMsgWithContext",
			"(*" + nats + ".Subscription).Fetch",
			"(*" + nats + ".Subscription).Msgs",
			"(*" + nats + ".Subscription).MsgsTimeout",
			"(" + nats + ".MessageBatch).Messages",
			"(" + js + ".Consumer).Next",
			"(" + js + ".MessagesContext).Next",
			"(" + js + ".MessageBatch).Messages",
		},
		ReceiveCallbacks: []ReceiveCallback{
			{Func: conn + "Subscribe", Arg: 1},
			{Func: conn + "QueueSubscribe", Arg: 2},
			{Func: legacy + "Subscribe", Arg: 1},
			{Func: legacy + "QueueSubscribe", Arg: 2},
			{Func: "(" + js + ".Consumer).Consume", Arg: 0},
		},
		ReceiveChans: []ReceiveChan{
			{Func: conn + "ChanSubscribe", Arg: 1},
			{Func: conn + "ChanQueueSubscribe", Arg: 2},
			{Func: conn + "QueueSubscribeSyncWithChan", Arg: 2},
			{Func: legacy + "ChanSubscribe", Arg: 1},
			{Func: legacy + "ChanQueueSubscribe", Arg: 2},
		},
		Messages: []Message{
			{Pkg: nats, Name: "Msg", Produced: true, Consumed: true, HeaderField: "Header", Shape: ShapeHTTPHeader, ExtractNote: natsCase,
				Constructors: []string{nats + ".NewMsg"}, DestField: []string{"Subject"}},
			{Pkg: js, Name: "Msg", Consumed: true, HeaderAccessor: "Headers", Shape: ShapeHTTPHeader, ExtractNote: natsCase},
		},
		DestSends: []DestSend{
			{Func: conn + "Publish", Args: []int{0}},
			{Func: conn + "PublishRequest", Args: []int{0}},
			{Func: conn + "Request", Args: []int{0}},
			{Func: conn + "RequestWithContext", Args: []int{1}},
			{Func: legacy + "Publish", Args: []int{0}},
			{Func: legacy + "PublishAsync", Args: []int{0}},
			{Func: pub + "Publish", Args: []int{1}},
			{Func: pub + "PublishAsync", Args: []int{0}},
		},
		Subscriptions: subs,
	}
}

package knowledge

func saramaClient(path string) Client {
	return Client{
		Name:   "sarama",
		System: "kafka",
		Pkgs:   []string{path},
		Sends: []Send{
			{Func: "(" + path + ".SyncProducer).SendMessage", Arg: 0, Label: "sarama SyncProducer.SendMessage"},
			{Func: "(" + path + ".SyncProducer).SendMessages", Arg: 0, Slice: true, Label: "sarama SyncProducer.SendMessages"},
		},
		SendChans: []SendChan{
			{Func: "(" + path + ".AsyncProducer).Input", Label: "sarama AsyncProducer.Input()"},
		},
		Receives: []string{
			"(" + path + ".ConsumerGroupClaim).Messages",
			"(" + path + ".PartitionConsumer).Messages",
		},
		Messages: []Message{
			{Pkg: path, Name: "ProducerMessage", Produced: true, HeaderField: "Headers", Shape: ShapeRecords, KeyIsBytes: true, DestField: []string{"Topic"}},
			{Pkg: path, Name: "ConsumerMessage", Consumed: true, HeaderField: "Headers", Shape: ShapeRecords, KeyIsBytes: true},
		},
		Subscriptions: []Subscription{
			{Func: "(" + path + ".ConsumerGroup).Consume", Arg: 1, Handler: 2},
			{Func: "(" + path + ".Consumer).ConsumePartition", Arg: 0, Handler: -1, Result: true},
		},
	}
}

// confluentShaped is the Producer and Consumer API of confluent-kafka-go
// in package path, as confluent-kafka-go and wrappers of it (splunkkafka)
// spell it; name labels it in diagnostics.
func confluentShaped(name, path string) Client {
	return Client{
		Name:   name,
		System: "kafka",
		Pkgs:   []string{path},
		Sends: []Send{
			{Func: "(*" + path + ".Producer).Produce", Arg: 0, Label: name + " Producer.Produce"},
		},
		SendChans: []SendChan{
			{Func: "(*" + path + ".Producer).ProduceChannel", Label: name + " Producer.ProduceChannel()"},
		},
		Receives: []string{
			"(*" + path + ".Consumer).Poll",
			"(*" + path + ".Consumer).ReadMessage",
			"(*" + path + ".Consumer).Events",
		},
	}
}

func confluentClient(path string) Client {
	c := confluentShaped("confluent-kafka-go", path)
	c.Messages = []Message{
		{Pkg: path, Name: "Message", Produced: true, Consumed: true, HeaderField: "Headers", Shape: ShapeRecords, DestField: []string{"TopicPartition", "Topic"}},
	}
	// The wrappers' consumers (splunkkafka's, dd-trace-go's) embed
	// confluent's *Consumer: their Subscribe is this one.
	c.Subscriptions = []Subscription{
		{Func: "(*" + path + ".Consumer).SubscribeTopics", Arg: 0, Handler: -1},
		{Func: "(*" + path + ".Consumer).Subscribe", Arg: 0, Handler: -1},
	}
	return c
}

func kafkaGoClient(path string) Client {
	return Client{
		Name:   "kafka-go",
		System: "kafka",
		Pkgs:   []string{path},
		Sends: []Send{
			{Func: "(*" + path + ".Writer).WriteMessages", Arg: 1, Variadic: true, Label: "kafka-go Writer.WriteMessages"},
			{Func: "(*" + path + ".Conn).WriteMessages", Arg: 0, Variadic: true, Label: "kafka-go Conn.WriteMessages"},
		},
		Receives: []string{
			"(*" + path + ".Reader).ReadMessage",
			"(*" + path + ".Reader).FetchMessage",
			"(*" + path + ".Batch).ReadMessage",
		},
		Messages: []Message{
			{Pkg: path, Name: "Message", Produced: true, Consumed: true, HeaderField: "Headers", Shape: ShapeRecords, DestField: []string{"Topic"}},
		},
		DestSends: []DestSend{{Func: "(*" + path + ".Writer).WriteMessages", RecvField: "Topic"}},
		Subscriptions: []Subscription{
			{Func: path + ".NewReader", Arg: 0, Field: []string{"Topic"}, Handler: -1, Result: true},
		},
	}
}

func franzClient() Client {
	const kgo = "github.com/twmb/franz-go/pkg/kgo"
	const kotel = "github.com/twmb/franz-go/plugin/kotel"
	c := Client{
		Name:   "franz-go",
		System: "kafka",
		Pkgs:   []string{kgo},
		Containers: []string{
			kgo + ".Fetches", kgo + ".FetchTopicPartition", kgo + ".FetchPartition",
			kgo + ".FetchTopic", kgo + ".FetchesRecordIter",
		},
		Messages: []Message{
			{Pkg: kgo, Name: "Record", Produced: true, Consumed: true, HeaderField: "Headers", Shape: ShapeRecords, ContextField: "Context", DestField: []string{"Topic"}},
		},
		Subscriptions: []Subscription{
			{Func: kgo + ".ConsumeTopics", Arg: 0, Variadic: true, Handler: -1, Result: true},
		},
		Hooks: &Hooks{
			Clients:      []string{kgo + ".Client", kgo + ".GroupTransactSession"},
			New:          []string{kgo + ".NewClient", kgo + ".NewGroupTransactSession"},
			Options:      []string{kgo + ".Opt", kgo + ".Hook"},
			TracingFuncs: []string{kotel + ".NewTracer"},
			TracingTypes: []string{kotel + ".Tracer"},
			Untraced:     " (the client is built without kotel's tracing hooks)",
			ContextBy:    "kotel's hooks",
			Alternative:  "(*kotel.Tracer).WithProcessSpan(%s)",
			FixTitle:     "Start the span from the context kotel extracted into the record",
		},
	}
	for _, recv := range []struct{ typ, label string }{{"Client", "franz-go Client"}, {"GroupTransactSession", "franz-go GroupTransactSession"}} {
		r := "(*" + kgo + "." + recv.typ + ")."
		c.Sends = append(c.Sends,
			Send{Func: r + "Produce", Arg: 1, Callback: 2, Label: recv.label + ".Produce", Injector: kotelHooks},
			Send{Func: r + "TryProduce", Arg: 1, Callback: 2, Label: recv.label + ".TryProduce", Injector: kotelHooks},
			Send{Func: r + "ProduceSync", Arg: 1, Variadic: true, Label: recv.label + ".ProduceSync", Injector: kotelHooks},
		)
		c.Receives = append(c.Receives, r+"PollFetches", r+"PollRecords")
	}
	return c
}

// kotelHooks names what injects at a franz-go send of a client built with
// kotel's hooks.
const kotelHooks = "the kotel tracing hooks installed on the client inject"

// ddtrace is the module path prefix of dd-trace-go v2's contrib packages.
// dd-trace-go v1 from v1.74 on (gopkg.in/DataDog/dd-trace-go.v1) declares
// its wrapper types as aliases of these, so the v2 names cover it too.
const ddtrace = "github.com/DataDog/dd-trace-go/contrib/"

// ddConfluentClient is dd-trace-go's confluent-kafka-go wrapper at path:
// confluent's API on Producer and Consumer types of its own. Like
// splunkkafka, Produce and ProduceChannel take the producer span's parent
// from the message headers (DataDog's tracer.Extract), so the caller still
// injects first (with OpenTelemetry's propagator or DataDog's
// tracer.Inject over NewMessageCarrier); Poll, ReadMessage and Events
// start a consume span and re-inject it, so user code extracts from the
// message as usual.
func ddConfluentClient(path string) Client {
	return confluentShaped("dd-trace-go kafka", path)
}

// ddKafkaGoClient is dd-trace-go's segmentio/kafka-go wrapper:
// KafkaWriter.WriteMessages starts each producer span from its ctx and
// injects it (so only an empty ctx loses the trace), and Reader's
// ReadMessage and FetchMessage start a consume span and re-inject it.
func ddKafkaGoClient() Client {
	const p = ddtrace + "segmentio/kafka-go/v2"
	return Client{
		Name:   "dd-trace-go kafka-go",
		System: "kafka",
		Pkgs:   []string{p},
		Sends: []Send{
			{Func: "(*" + p + ".KafkaWriter).WriteMessages", Arg: 1, Variadic: true, Ctx: 0, Traced: true,
				Label: "dd-trace-go KafkaWriter.WriteMessages", Injector: "dd-trace-go's KafkaWriter injects"},
		},
		Receives: []string{
			"(*" + p + ".Reader).ReadMessage",
			"(*" + p + ".Reader).FetchMessage",
		},
		DestSends: []DestSend{{Func: "(*" + p + ".KafkaWriter).WriteMessages", RecvField: "Topic"}},
		Subscriptions: []Subscription{
			{Func: p + ".NewReader", Arg: 0, Field: []string{"Topic"}, Handler: -1, Result: true},
		},
	}
}

// splunkClient is splunk-otel-go's confluent-kafka-go wrapper at path,
// which has confluent's API on Producer and Consumer types of its own: Produce and ProduceChannel start a producer span whose
// parent is extracted from the message headers, then inject that span, so
// the caller still injects its context first (as with otelsarama); Poll,
// ReadMessage and Events start a receive span and re-inject it, so user
// code extracts from the message as usual (splunkkafka.NewMessageCarrier
// is an OpenTelemetry carrier).
func splunkClient(path string) Client {
	return confluentShaped("splunkkafka", path)
}

// Package knowledge is tracewire's table of messaging-client and
// instrumentation APIs. It holds data only: which calls send a message,
// which channels carry messages to the broker, which types are produced or
// consumed messages, and where their headers live. The checks in
// analyzer/... consult it; no check names a client API directly.
package knowledge

import (
	"go/types"
	"strings"
)

// A Send is a call that hands one message (or a slice of messages) to a
// Kafka client for delivery.
type Send struct {
	// Func is the full name of the called function or method, as
	// (*types.Func).FullName spells it.
	Func string
	// Arg is the index of the message argument.
	Arg int
	// Slice reports that the argument is a slice of messages.
	Slice bool
	// Variadic reports that every argument from Arg on is a message (or,
	// with ..., a slice of them).
	Variadic bool
	// Label names the API in diagnostics.
	Label string
	// Callback is the index of a delivery-callback argument (franz-go's
	// promise func(*Record, error)), or 0 for none. The message parameter
	// of such a callback is the sent message, not a consumed one.
	Callback int
	// Ctx is the index of the context argument whose trace context the
	// client's tracing hooks inject (see Hooks); meaningful only for a
	// client with Hooks.
	Ctx int
	// Hooked is set by NewTable for the sends of a client with Hooks, and
	// Untraced copied from those Hooks.
	Hooked   bool
	Untraced string
	// Traced reports a send that itself injects the trace context of its
	// Ctx argument, whatever the client was built with (dd-trace-go's
	// kafka-go KafkaWriter.WriteMessages starts its producer span from
	// ctx and injects it).
	Traced bool
	// Injector says, in diagnostics, what injects the trace context of
	// the Ctx argument of a Hooked or Traced send, as the subject of
	// "inject(s) an empty trace context".
	Injector string
	// Bare is set for a send whose API takes no message with headers
	// (NATS's Publish(subject, data)): no trace context can cross it. It
	// says how to call the variant that takes a message instead.
	Bare *Reroute
}

// A Reroute turns a call of a send that cannot carry headers into a call,
// on the same receiver, of its variant that takes a message: the message
// is built from arguments of the call, given headers, injected, and passed
// to the variant.
type Reroute struct {
	// Method is the variant's name (PublishMsg).
	Method string
	// Msg is the message type built ("pkg.Name"); Pointer builds &T{}.
	Msg     string
	Pointer bool
	// Fields sets fields of the message from arguments of the call.
	Fields []ArgField
	// Args spells the variant's arguments: "$msg" is the message, "$N"
	// argument N of the call, and "$N..." argument N and every one after
	// it (with the call's ... kept).
	Args string
}

// An ArgField is a message field set from an argument of a call.
type ArgField struct {
	Field string
	Arg   int
}

// A ReceiveChan is a function or method given a channel (at argument Arg)
// on which the client delivers consumed messages (NATS's ChanSubscribe).
type ReceiveChan struct {
	Func string
	Arg  int
}

// A ReceiveCallback is a function or method given a callback (at argument
// Arg) that the client calls with consumed messages (NATS's Subscribe, an
// in-house bus's Subscribe(ctx, topic, func(ctx, m))). The context the
// callback receives is the client's: it carries the message's trace
// context only when the client extracted it there (Extracted); otherwise a
// span started from it breaks the trace.
type ReceiveCallback struct {
	Func      string
	Arg       int
	Extracted bool
}

// A SendChan is a method returning a channel; a message sent on that
// channel is delivered to Kafka.
type SendChan struct {
	Func  string
	Label string
}

// A Message describes a message type of a client.
type Message struct {
	// Pkg and Name name the (non-pointer) message type.
	Pkg, Name string
	// Produced and Consumed say in which direction the type is used. A type
	// used in both (confluent-kafka-go's Message) is judged by how a
	// variable of it is obtained.
	Produced, Consumed bool
	// HeaderField is the field holding the headers, or HeaderAccessor the
	// method returning them (jetstream.Msg's Headers); one of them is set.
	HeaderField, HeaderAccessor string
	// Shape names the codec of the headers (ShapeRecords if empty).
	Shape string
	// KeyIsBytes reports, for records, that the header key is a []byte
	// (sarama) rather than a string (confluent-kafka-go).
	KeyIsBytes bool
	// ContextField is a context.Context field of the message that a
	// client's consumer tracing hooks set to the context extracted from
	// the headers (franz-go's Record.Context), or "".
	ContextField string
	// ExtractNote is client-specific advice appended to a consumer's
	// diagnostic (NATS's case-sensitive header keys), or "".
	ExtractNote string
	// Constructors are functions (FullName) of the client returning a new
	// message of the type, with no trace context (nats.NewMsg): a message
	// built by one is judged like a literal.
	Constructors []string
}

// Hooks describes a client whose sends run hooks installed when the client
// is built from options (franz-go's kgo.WithHooks): with a tracing hook
// installed, the hook injects the trace context of the send's context
// argument, and no manual injection is needed.
type Hooks struct {
	// Clients are the client types ("pkg.Name", not pointers) whose
	// sends run the hooks.
	Clients []string
	// New are the constructors (FullName) building those clients from
	// options.
	New []string
	// Options are the types ("pkg.Name") through which options and hooks
	// are passed: a value of one of them, from code the analysis cannot
	// see, may install tracing.
	Options []string
	// TracingFuncs (FullName) and TracingTypes ("pkg.Name") are the
	// tracing hook's constructors and types: options derived from one
	// install tracing.
	TracingFuncs []string
	TracingTypes []string
	// Untraced tells, in a send's diagnostic, that the client is built
	// without its tracing hooks.
	Untraced string
	// ContextBy names, in a consumer's diagnostic, what sets a message's
	// ContextField, and Alternative the instrumentation call that
	// extracts instead ("%s" stands for the message); FixTitle titles the
	// fix that starts the span from the context field.
	ContextBy, Alternative, FixTitle string
}

// An Extractor is a function of an instrumentation library that returns
// the trace context of a consumed message argument: a context carrying it
// (kotel's (*Tracer).WithProcessSpan(record)), or the tracer's own span
// context (dd-trace-go's tracer.Extract(carrier)), from which the program
// starts spans.
type Extractor struct {
	Func string
	Arg  int
	// Carrier reports that the argument is a carrier over the message's
	// headers (any type built over the message), not the message itself.
	Carrier bool
	// SpanContext reports that the function returns the tracer's span
	// context rather than a context.Context.
	SpanContext bool
}

// An Injector is a function of a tracing library that writes the trace
// context it is given into a carrier argument (dd-trace-go's
// tracer.Inject(spanctx, carrier)): given a carrier over a message's
// headers, it injects into the message.
type Injector struct {
	Func    string
	Carrier int
}

// A Client is one messaging client library.
type Client struct {
	Name      string
	Pkgs      []string
	Sends     []Send
	SendChans []SendChan
	// Receives are the functions and methods through which a consumer
	// obtains messages (or events carrying them).
	Receives []string
	// ReceiveChans are the functions and methods filling a channel they
	// are given with consumed messages.
	ReceiveChans []ReceiveChan
	// ReceiveCallbacks are the functions and methods given a callback the
	// client calls with consumed messages.
	ReceiveCallbacks []ReceiveCallback
	// Containers are types ("pkg.Name", not pointers) that only ever hold
	// consumed messages (franz-go's Fetches): a message obtained from one
	// is received.
	Containers []string
	Messages   []Message
	// Hooks is set for a client whose sends may be traced by hooks.
	Hooks *Hooks
}

func saramaClient(path string) Client {
	return Client{
		Name: "sarama",
		Pkgs: []string{path},
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
			{Pkg: path, Name: "ProducerMessage", Produced: true, HeaderField: "Headers", Shape: ShapeRecords, KeyIsBytes: true},
			{Pkg: path, Name: "ConsumerMessage", Consumed: true, HeaderField: "Headers", Shape: ShapeRecords, KeyIsBytes: true},
		},
	}
}

// confluentShaped is the Producer and Consumer API of confluent-kafka-go
// in package path, as confluent-kafka-go and wrappers of it (splunkkafka)
// spell it; name labels it in diagnostics.
func confluentShaped(name, path string) Client {
	return Client{
		Name: name,
		Pkgs: []string{path},
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
		{Pkg: path, Name: "Message", Produced: true, Consumed: true, HeaderField: "Headers", Shape: ShapeRecords},
	}
	return c
}

func kafkaGoClient(path string) Client {
	return Client{
		Name: "kafka-go",
		Pkgs: []string{path},
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
			{Pkg: path, Name: "Message", Produced: true, Consumed: true, HeaderField: "Headers", Shape: ShapeRecords},
		},
	}
}

func franzClient() Client {
	const kgo = "github.com/twmb/franz-go/pkg/kgo"
	const kotel = "github.com/twmb/franz-go/plugin/kotel"
	c := Client{
		Name: "franz-go",
		Pkgs: []string{kgo},
		Containers: []string{
			kgo + ".Fetches", kgo + ".FetchTopicPartition", kgo + ".FetchPartition",
			kgo + ".FetchTopic", kgo + ".FetchesRecordIter",
		},
		Messages: []Message{
			{Pkg: kgo, Name: "Record", Produced: true, Consumed: true, HeaderField: "Headers", Shape: ShapeRecords, ContextField: "Context"},
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
		Name: "dd-trace-go kafka-go",
		Pkgs: []string{p},
		Sends: []Send{
			{Func: "(*" + p + ".KafkaWriter).WriteMessages", Arg: 1, Variadic: true, Ctx: 0, Traced: true,
				Label: "dd-trace-go KafkaWriter.WriteMessages", Injector: "dd-trace-go's KafkaWriter injects"},
		},
		Receives: []string{
			"(*" + p + ".Reader).ReadMessage",
			"(*" + p + ".Reader).FetchMessage",
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
	return Client{
		Name: "nats",
		Pkgs: []string{nats, js},
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
				Constructors: []string{nats + ".NewMsg"}},
			{Pkg: js, Name: "Msg", Consumed: true, HeaderAccessor: "Headers", Shape: ShapeHTTPHeader, ExtractNote: natsCase},
		},
	}
}

// amqpClient is a RabbitMQ client with amqp091-go's API at path
// (amqp091-go, and streadway/amqp, which it forked): a Publishing, passed
// by value, carries its headers in a Table (map[string]any). The context
// of PublishWithContext only cancels the publish; it propagates nothing.
func amqpClient(name, path string, withContext bool) Client {
	ch := "(*" + path + ".Channel)."
	c := Client{
		Name: name,
		Pkgs: []string{path},
		Sends: []Send{
			{Func: ch + "Publish", Arg: 4, Label: name + " Channel.Publish"},
		},
		Receives: []string{ch + "Consume", ch + "Get"},
		Messages: []Message{
			{Pkg: path, Name: "Publishing", Produced: true, HeaderField: "Headers", Shape: ShapeAnyMap},
			{Pkg: path, Name: "Delivery", Consumed: true, HeaderField: "Headers", Shape: ShapeAnyMap},
		},
	}
	if withContext {
		c.Sends = append(c.Sends,
			Send{Func: ch + "PublishWithContext", Arg: 5, Label: name + " Channel.PublishWithContext"},
			Send{Func: ch + "PublishWithDeferredConfirm", Arg: 4, Label: name + " Channel.PublishWithDeferredConfirm"},
			Send{Func: ch + "PublishWithDeferredConfirmWithContext", Arg: 5, Label: name + " Channel.PublishWithDeferredConfirmWithContext"},
		)
		c.Receives = append(c.Receives, ch+"ConsumeWithContext")
	}
	return c
}

// Clients is the table of supported messaging clients.
var Clients = []Client{
	saramaClient("github.com/IBM/sarama"),
	// The pre-2023 import path of sarama (v1.38.1 and earlier), still in
	// wide use.
	saramaClient("github.com/Shopify/sarama"),
	kafkaGoClient("github.com/segmentio/kafka-go"),
	franzClient(),
	confluentClient("github.com/confluentinc/confluent-kafka-go/v2/kafka"),
	confluentClient("github.com/confluentinc/confluent-kafka-go/kafka"),
	splunkClient("github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/v2/kafka/splunkkafka"),
	splunkClient("github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/kafka/splunkkafka"),
	ddConfluentClient(ddtrace + "confluentinc/confluent-kafka-go/kafka.v2/v2"),
	ddConfluentClient(ddtrace + "confluentinc/confluent-kafka-go/kafka/v2"),
	ddKafkaGoClient(),
	natsClient(),
	amqpClient("amqp091-go", "github.com/rabbitmq/amqp091-go", true),
	// The deprecated client amqp091-go was forked from.
	amqpClient("streadway/amqp", "github.com/streadway/amqp", false),
}

// Instrumentation lists packages of Kafka instrumentation libraries. Their
// producer wrappers take the parent span from the message headers, so a
// wrapped producer still needs injection; importing one means the package
// has trace context to propagate.
var Instrumentation = []string{
	"github.com/dnwe/otelsarama",
	"go.opentelemetry.io/contrib/instrumentation/github.com/Shopify/sarama/otelsarama",
	"go.opentelemetry.io/contrib/instrumentation/github.com/IBM/sarama/otelsarama",
	"github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/kafka/splunkkafka",
	"github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/v2/kafka/splunkkafka",
	"gopkg.in/DataDog/dd-trace-go.v1/contrib/confluentinc/confluent-kafka-go/kafka",
	"gopkg.in/DataDog/dd-trace-go.v1/contrib/confluentinc/confluent-kafka-go/kafka.v2",
	"gopkg.in/DataDog/dd-trace-go.v1/contrib/IBM/sarama.v1",
	"gopkg.in/DataDog/dd-trace-go.v1/contrib/Shopify/sarama",
	"github.com/DataDog/dd-trace-go/contrib/confluentinc/confluent-kafka-go/kafka/v2",
	"github.com/DataDog/dd-trace-go/contrib/confluentinc/confluent-kafka-go/kafka.v2/v2",
	"github.com/DataDog/dd-trace-go/contrib/IBM/sarama/v2",
	"github.com/DataDog/dd-trace-go/contrib/Shopify/sarama/v2",
	"gopkg.in/DataDog/dd-trace-go.v1/contrib/segmentio/kafka.go.v0",
	"github.com/DataDog/dd-trace-go/contrib/segmentio/kafka-go/v2",
	"github.com/twmb/franz-go/plugin/kotel",
	// DataDog's tracer itself: a package using it has trace context to
	// propagate, even with a client it did not wrap.
	"github.com/DataDog/dd-trace-go/v2/ddtrace/tracer",
	"gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer",
}

// TracingModules lists the module paths of tracing libraries. A module whose
// go.mod requires one of them directly (not "// indirect") traces: its
// packages have trace context to propagate even when they import no
// tracing package themselves (tracing set up in main and in HTTP
// middleware, a publisher package that passes the request's ctx on). An
// entry ending in "/" is a prefix of module paths.
var TracingModules = []string{
	"go.opentelemetry.io/otel",
	"go.opentelemetry.io/otel/trace",
	"go.opentelemetry.io/otel/sdk",
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/",
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace",
	"go.opentelemetry.io/otel/exporters/zipkin",
	"go.opentelemetry.io/contrib/instrumentation/",
	"go.opentelemetry.io/contrib/propagators/",
	"go.opentelemetry.io/contrib/exporters/autoexport",
	"github.com/dnwe/otelsarama",
	"github.com/twmb/franz-go/plugin/kotel",
	"github.com/signalfx/splunk-otel-go",
	"github.com/signalfx/splunk-otel-go/",
	"github.com/DataDog/dd-trace-go/v2",
	"github.com/DataDog/dd-trace-go/contrib/",
	"gopkg.in/DataDog/dd-trace-go.v1",
}

// Extractors lists instrumentation functions returning the trace context
// extracted from a consumed message.
var Extractors = []Extractor{
	{Func: "(*github.com/twmb/franz-go/plugin/kotel.Tracer).WithProcessSpan", Arg: 0},
	{Func: "github.com/DataDog/dd-trace-go/v2/ddtrace/tracer.Extract", Arg: 0, Carrier: true, SpanContext: true},
	{Func: "gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer.Extract", Arg: 0, Carrier: true, SpanContext: true},
	{Func: ddtrace + "segmentio/kafka-go/v2.ExtractSpanContext", Arg: 0, SpanContext: true},
	{Func: "gopkg.in/DataDog/dd-trace-go.v1/contrib/segmentio/kafka.go.v0.ExtractSpanContext", Arg: 0, SpanContext: true},
}

// Injectors lists tracing-library functions writing trace context into a
// carrier: DataDog's, whose carriers over a message (dd-trace-go's
// NewProducerMessageCarrier, NewMessageCarrier) write the headers.
var Injectors = []Injector{
	{Func: "github.com/DataDog/dd-trace-go/v2/ddtrace/tracer.Inject", Carrier: 1},
	{Func: "gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer.Inject", Carrier: 1},
}

// A NativeTracer is a tracer with a propagation API of its own. In a
// package that uses it and not OpenTelemetry, a fix injects through it:
//
//	carrier := tracer.TextMapCarrier{}
//	if span, ok := tracer.SpanFromContext(ctx); ok {
//		_ = tracer.Inject(span.Context(), carrier)
//	}
//	// copy carrier into the message headers
type NativeTracer struct {
	// Name names the injection in diagnostics ("DataDog's tracer.Inject").
	Name string
	// Prefix is the import-path prefix of its packages, contrib wrappers
	// included: a package importing one uses the tracer.
	Prefix string
	// Pkg is the tracer package. Carrier is its map[string]string carrier
	// type; SpanFromContext returns (span, ok) for a context, and the
	// span's Context method its span context; Inject(spanctx, carrier)
	// writes the span context into the carrier and returns an error.
	Pkg, Carrier, SpanFromContext, Inject string
}

// dataDogTracer is DataDog's tracer package pkg, of the dd-trace-go major
// version whose packages start with prefix: v1 and v2 spell the API alike.
func dataDogTracer(prefix, pkg string) NativeTracer {
	return NativeTracer{
		Name: "DataDog's tracer.Inject", Prefix: prefix, Pkg: pkg,
		Carrier: "TextMapCarrier", SpanFromContext: "SpanFromContext", Inject: "Inject",
	}
}

// NativeTracers lists the tracers with their own propagation API that
// fixes use.
var NativeTracers = []NativeTracer{
	dataDogTracer("github.com/DataDog/dd-trace-go/", "github.com/DataDog/dd-trace-go/v2/ddtrace/tracer"),
	dataDogTracer("gopkg.in/DataDog/dd-trace-go.v1/", "gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer"),
}

// NativeTracerOf returns the native tracer a package uses: the one whose
// tracer package pkg imports directly, else one of whose packages (a
// contrib wrapper) pkg imports directly, or nil.
func NativeTracerOf(pkg *types.Package) *NativeTracer {
	var byPrefix *NativeTracer
	for _, imp := range pkg.Imports() {
		for i := range NativeTracers {
			nt := &NativeTracers[i]
			if imp.Path() == nt.Pkg {
				return nt
			}
			if byPrefix == nil && strings.HasPrefix(imp.Path(), nt.Prefix) {
				byPrefix = nt
			}
		}
	}
	return byPrefix
}

// OTelPrefix is the import-path prefix of the OpenTelemetry Go API.
const OTelPrefix = "go.opentelemetry.io/otel"

// Table indexes Clients for lookups by the checks. It is immutable once
// built and safe for concurrent use.
type Table struct {
	sends     map[string]Send
	sendChans map[string]SendChan
	receives  map[string]bool
	messages  map[string]*Message // key: pkg + "." + name
	clients   map[string]bool
	instr     map[string]bool
	// containers, hookClients, hookNew, options, tracingFuncs and
	// tracingTypes index the Containers and Hooks of the clients.
	containers   map[string]bool
	hookClients  map[string]bool
	hookNew      map[string]bool
	options      map[string]bool
	tracingFuncs map[string]bool
	tracingTypes map[string]bool
	extractors   map[string]int
	injectors    map[string]int
	hookPkgs     map[string]bool
	// sendsByName indexes sends by method name, for calls through an
	// interface of the user's that a client type implements.
	sendsByName map[string][]Send
	// tracingMods lists TracingModules.
	tracingMods []string
	// propDefaults lists PropagatorDefaults; propPkgs indexes their
	// packages.
	propDefaults []PropagatorDefault
	propPkgs     map[string]bool
	// receiveChans indexes the ReceiveChans of the clients, and hooksOf
	// the Hooks of the client each message type belongs to.
	receiveChans map[string]int
	callbacks    map[string]ReceiveCallback
	constructors map[string]bool
	hooksOf      map[*Message]*Hooks
	// src holds what the table was built from, for Extend.
	src source
}

// source is what NewTable indexes.
type source struct {
	clients         []Client
	instrumentation []string
	extractors      []Extractor
	injectors       []Injector
}

// Extend returns t with more clients, extractors and injectors (the
// in-house buses of a configuration); t is unchanged.
func (t *Table) Extend(clients []Client, extractors []Extractor, injectors []Injector) *Table {
	n := NewTable(append(append([]Client(nil), t.src.clients...), clients...), t.src.instrumentation,
		append(append([]Extractor(nil), t.src.extractors...), extractors...),
		append(append([]Injector(nil), t.src.injectors...), injectors...))
	n.tracingMods, n.propDefaults, n.propPkgs = t.tracingMods, t.propDefaults, t.propPkgs
	return n
}

// Default is the table built from Clients, Instrumentation, Extractors and
// Injectors.
var Default = NewTable(Clients, Instrumentation, Extractors, Injectors).WithTracingModules(TracingModules).
	WithPropagatorDefaults(PropagatorDefaults)

// WithTracingModules returns t with the module paths of tracing libraries
// (entries ending in "/" are prefixes), for TracesModule.
func (t *Table) WithTracingModules(mods []string) *Table {
	c := *t
	c.tracingMods = append([]string(nil), mods...)
	return &c
}

// TracingModule reports whether path is the module path of a tracing
// library.
func (t *Table) TracingModule(path string) bool {
	for _, m := range t.tracingMods {
		if path == m || (strings.HasSuffix(m, "/") && strings.HasPrefix(path, m)) {
			return true
		}
	}
	return false
}

// NewTable indexes clients, instrumentation package paths, extractors and
// injectors.
func NewTable(clients []Client, instrumentation []string, extractors []Extractor, injectors []Injector) *Table {
	t := &Table{
		sends:        map[string]Send{},
		sendChans:    map[string]SendChan{},
		receives:     map[string]bool{},
		messages:     map[string]*Message{},
		clients:      map[string]bool{},
		instr:        map[string]bool{},
		containers:   map[string]bool{},
		hookClients:  map[string]bool{},
		hookNew:      map[string]bool{},
		options:      map[string]bool{},
		tracingFuncs: map[string]bool{},
		tracingTypes: map[string]bool{},
		extractors:   map[string]int{},
		injectors:    map[string]int{},
		hookPkgs:     map[string]bool{},
		sendsByName:  map[string][]Send{},
		receiveChans: map[string]int{},
		callbacks:    map[string]ReceiveCallback{},
		constructors: map[string]bool{},
		hooksOf:      map[*Message]*Hooks{},
		src:          source{clients, instrumentation, extractors, injectors},
	}
	for _, e := range extractors {
		t.extractors[e.Func] = e.Arg
	}
	for _, in := range injectors {
		t.injectors[in.Func] = in.Carrier
	}
	for _, c := range clients {
		for _, p := range c.Pkgs {
			t.clients[p] = true
		}
		for _, s := range c.Sends {
			s.Hooked = c.Hooks != nil
			if c.Hooks != nil {
				s.Untraced = c.Hooks.Untraced
			}
			t.sends[s.Func] = s
			if _, method, ok := strings.Cut(s.Func, ")."); ok {
				t.sendsByName[method] = append(t.sendsByName[method], s)
			}
		}
		for _, name := range c.Containers {
			t.containers[name] = true
		}
		if h := c.Hooks; h != nil {
			for _, p := range c.Pkgs {
				t.hookPkgs[p] = true
			}
			for _, list := range []struct {
				names []string
				m     map[string]bool
			}{{h.Clients, t.hookClients}, {h.New, t.hookNew}, {h.Options, t.options}, {h.TracingFuncs, t.tracingFuncs}, {h.TracingTypes, t.tracingTypes}} {
				for _, n := range list.names {
					list.m[n] = true
				}
			}
		}
		for _, s := range c.SendChans {
			t.sendChans[s.Func] = s
		}
		for _, r := range c.Receives {
			t.receives[r] = true
		}
		for _, r := range c.ReceiveChans {
			t.receiveChans[r.Func] = r.Arg
		}
		for _, r := range c.ReceiveCallbacks {
			t.callbacks[r.Func] = r
		}
		msgs := append([]Message(nil), c.Messages...)
		for i := range msgs {
			m := &msgs[i]
			t.messages[m.Pkg+"."+m.Name] = m
			for _, fn := range m.Constructors {
				t.constructors[fn] = true
			}
			if c.Hooks != nil {
				t.hooksOf[m] = c.Hooks
			}
		}
	}
	for _, p := range instrumentation {
		t.instr[p] = true
	}
	return t
}

// Send returns the send described by fn, if any. A method of an interface
// declared outside the client (a small interface a program wraps its
// producer in, for tests) is a send when a client type of the table
// implements the interface and its send method of that name has the
// identical signature: whatever implements it in production sends.
func (t *Table) Send(fn *types.Func) (Send, bool) {
	if fn == nil {
		return Send{}, false
	}
	if s, ok := t.sends[fn.Origin().FullName()]; ok {
		return s, true
	}
	cands := t.sendsByName[fn.Name()]
	if len(cands) == 0 {
		return Send{}, false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) {
		return Send{}, false
	}
	iface, ok := sig.Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return Send{}, false
	}
	for _, s := range cands {
		if clientImplements(s.Func, sig, iface) {
			return s, true
		}
	}
	return Send{}, false
}

// clientImplements reports whether the receiver type of the client method
// full (a FullName) implements iface, with a method of the same name whose
// signature is identical to sig. The client package is found among the
// packages of sig's parameter types (the message type lives there).
func clientImplements(full string, sig *types.Signature, iface *types.Interface) bool {
	recv, method, ok := strings.Cut(strings.TrimPrefix(full, "("), ").")
	if !ok {
		return false
	}
	ptr := strings.HasPrefix(recv, "*")
	recv = strings.TrimPrefix(recv, "*")
	dot := strings.LastIndexByte(recv, '.')
	if dot < 0 {
		return false
	}
	pkg := paramPackage(sig, recv[:dot])
	if pkg == nil {
		return false
	}
	tn, _ := pkg.Scope().Lookup(recv[dot+1:]).(*types.TypeName)
	if tn == nil {
		return false
	}
	T := tn.Type()
	if ptr {
		T = types.NewPointer(T)
	}
	if !types.Implements(T, iface) {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(T, false, pkg, method)
	m, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	msig := m.Type().(*types.Signature)
	return sig.Variadic() == msig.Variadic() && types.Identical(sig.Params(), msig.Params()) && types.Identical(sig.Results(), msig.Results())
}

// paramPackage finds the package path among the packages of the named
// types in sig's parameters.
func paramPackage(sig *types.Signature, path string) *types.Package {
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		for depth := 0; depth < 4; depth++ {
			switch x := types.Unalias(t).(type) {
			case *types.Pointer:
				t = x.Elem()
				continue
			case *types.Slice:
				t = x.Elem()
				continue
			case *types.Named:
				if x.Obj().Pkg() != nil && x.Obj().Pkg().Path() == path {
					return x.Obj().Pkg()
				}
			}
			break
		}
	}
	return nil
}

// SendChan returns the channel-returning method described by fn, if any.
func (t *Table) SendChan(fn *types.Func) (SendChan, bool) {
	if fn == nil {
		return SendChan{}, false
	}
	s, ok := t.sendChans[fn.Origin().FullName()]
	return s, ok
}

// ReceiveChan returns the index of the argument of fn that is a channel
// the client delivers consumed messages on.
func (t *Table) ReceiveChan(fn *types.Func) (int, bool) {
	if fn == nil {
		return 0, false
	}
	i, ok := t.receiveChans[fn.Origin().FullName()]
	return i, ok
}

// ReceiveCallback returns what the table says of fn if fn is given a
// callback the client calls with consumed messages.
func (t *Table) ReceiveCallback(fn *types.Func) (ReceiveCallback, bool) {
	if fn == nil {
		return ReceiveCallback{}, false
	}
	r, ok := t.callbacks[fn.Origin().FullName()]
	return r, ok
}

// Constructor reports whether fn returns a new message with no trace
// context.
func (t *Table) Constructor(fn *types.Func) bool {
	return fn != nil && t.constructors[fn.Origin().FullName()]
}

// Hooks returns the tracing hooks of the client a message type belongs
// to, or nil.
func (t *Table) Hooks(m *Message) *Hooks { return t.hooksOf[m] }

// Receive reports whether fn is a consumer's receive function or method.
func (t *Table) Receive(fn *types.Func) bool {
	return fn != nil && t.receives[fn.Origin().FullName()]
}

// Message returns the message description of typ, which may be the message
// type or a pointer to it.
func (t *Table) Message(typ types.Type) *Message {
	if p, ok := types.Unalias(typ).(*types.Pointer); ok {
		typ = p.Elem()
	}
	n, ok := types.Unalias(typ).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return nil
	}
	return t.messages[n.Obj().Pkg().Path()+"."+n.Obj().Name()]
}

// typeKey returns "pkg.Name" of a named type (or pointer to one), or "".
func typeKey(typ types.Type) string {
	if typ == nil {
		return ""
	}
	if p, ok := types.Unalias(typ).(*types.Pointer); ok {
		typ = p.Elem()
	}
	n, ok := types.Unalias(typ).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

// ImportsHooked reports whether pkg imports the package of a hooked client
// directly (needed to declare a field of its client type).
func (t *Table) ImportsHooked(pkg *types.Package) bool {
	for _, p := range pkg.Imports() {
		if t.hookPkgs[p.Path()] {
			return true
		}
	}
	return false
}

// Container reports whether typ (or what it points to) only holds consumed
// messages.
func (t *Table) Container(typ types.Type) bool { return t.containers[typeKey(typ)] }

// HookedClient reports whether typ (or what it points to) is a client type
// whose sends run hooks installed from its options.
func (t *Table) HookedClient(typ types.Type) bool { return t.hookClients[typeKey(typ)] }

// HookNew reports whether fn builds a hooked client from options.
func (t *Table) HookNew(fn *types.Func) bool {
	return fn != nil && t.hookNew[fn.Origin().FullName()]
}

// TracingFunc reports whether fn constructs a tracing hook.
func (t *Table) TracingFunc(fn *types.Func) bool {
	return fn != nil && t.tracingFuncs[fn.Origin().FullName()]
}

// TracingType reports whether typ (or what it points to) is a tracing hook
// type.
func (t *Table) TracingType(typ types.Type) bool { return t.tracingTypes[typeKey(typ)] }

// MayCarryOptions reports whether a value of typ may hold client options or
// hooks (an option or hook type, or a slice, map, pointer or struct holding
// one).
func (t *Table) MayCarryOptions(typ types.Type) bool {
	return t.mayCarry(typ, 0)
}

func (t *Table) mayCarry(typ types.Type, depth int) bool {
	if typ == nil || depth > 4 {
		return false
	}
	if k := typeKey(typ); k != "" && (t.options[k] || t.tracingTypes[k]) {
		return true
	}
	switch u := types.Unalias(typ).Underlying().(type) {
	case *types.Pointer:
		return t.mayCarry(u.Elem(), depth+1)
	case *types.Slice:
		return t.mayCarry(u.Elem(), depth+1)
	case *types.Array:
		return t.mayCarry(u.Elem(), depth+1)
	case *types.Map:
		return t.mayCarry(u.Elem(), depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if t.mayCarry(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// Extractor returns the index of the message argument of an
// instrumentation function returning a context extracted from it.
func (t *Table) Extractor(fn *types.Func) (int, bool) {
	if fn == nil {
		return 0, false
	}
	i, ok := t.extractors[fn.Origin().FullName()]
	return i, ok
}

// Injector returns the index of the carrier argument of a function that
// writes trace context into a carrier.
func (t *Table) Injector(fn *types.Func) (int, bool) {
	if fn == nil {
		return 0, false
	}
	i, ok := t.injectors[fn.Origin().FullName()]
	return i, ok
}

// IsClient reports whether path is the package of a known client.
func (t *Table) IsClient(path string) bool { return t.clients[path] }

// IsInstrumentation reports whether path is a known instrumentation package.
func (t *Table) IsInstrumentation(path string) bool { return t.instr[path] }

// IsOTel reports whether path is part of the OpenTelemetry Go API or SDK.
func IsOTel(path string) bool {
	return path == OTelPrefix || strings.HasPrefix(path, OTelPrefix+"/")
}

// Imports summarises what a package imports directly.
type Imports struct {
	Client, OTel, Instrumentation bool
}

// Scan reports which relevant packages pkg imports directly. It is the
// cheap first test every check makes: a package with none of them is left
// alone.
func (t *Table) Scan(pkg *types.Package) Imports {
	var im Imports
	for _, p := range pkg.Imports() {
		path := p.Path()
		// An instrumentation wrapper can be a client too (splunkkafka).
		im.Client = im.Client || t.clients[path]
		im.Instrumentation = im.Instrumentation || t.instr[path]
		im.OTel = im.OTel || IsOTel(path)
	}
	return im
}

// Reaches reports whether pkg imports path directly or indirectly.
func Reaches(pkg *types.Package, path string) bool {
	seen := map[*types.Package]bool{}
	var walk func(p *types.Package) bool
	walk = func(p *types.Package) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		for _, q := range p.Imports() {
			if q.Path() == path || walk(q) {
				return true
			}
		}
		return false
	}
	return walk(pkg)
}

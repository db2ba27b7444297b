// Package knowledge is tracewire's table of messaging-client and
// instrumentation APIs. The data (the entries of the built-in clients, one
// file per family: kafka.go, nats.go, amqp.go; the tracing libraries in
// tracing.go) is kept apart from the table that indexes it and answers the
// checks' questions (table.go), and from the header shapes (codec.go). No
// check names a client API directly; the checks are handed a *Table.
package knowledge

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
	// Field names a slice field of the argument whose elements are the
	// messages (SQS's SendMessageBatchInput.Entries): each entry has
	// headers of its own. The send is judged where the field's value can
	// be seen (a literal of the argument, or one assignment to the field).
	Field string
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
	// Hooked is set by NewTable for a receive of a client with Hooks: the
	// client extracts into the callback's context when it is built with
	// its tracing (Pub/Sub's Subscriber.Receive), so the callback is
	// judged by the receive's receiver, like a hooked send.
	Hooked bool
	// Traced is set by the fact summary, for a callback of a Hooked
	// receive, when the client of every receive the callback is given to
	// is built with its tracing (and so Extracted is set too).
	Traced bool
}

// An AttributeRequest is a receive that returns a message's headers only
// when its input asks for them by name (SQS's ReceiveMessage and its
// input's MessageAttributeNames): the messages of an input that asks for
// none, or none matching the trace context's key, carry no trace context
// to extract.
type AttributeRequest struct {
	// Func is the receive's FullName and Arg its input argument, a
	// struct (or a pointer to one) whose []string field Field names the
	// headers returned.
	Func  string
	Arg   int
	Field string
	// All are the names asking for every header ("All", ".*"); a name
	// ending in ".*" asks for the headers with that prefix.
	All []string
	// Others are fields of the input that, set, ask for the trace
	// context elsewhere (SQS's MessageSystemAttributeNames, for X-Ray's
	// AWSTraceHeader): the input is then not judged.
	Others []string
	// Label names the receive in diagnostics, and Service the system
	// that leaves the headers out ("SQS").
	Label, Service string
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
	// Body lists the fields, besides the headers, that reach the consumer
	// and may carry the trace context instead (SQS's MessageBody, an
	// envelope, and MessageSystemAttributes, X-Ray's AWSTraceHeader): one
	// derived from an injected carrier counts as propagation. Fields not
	// listed (sarama's Metadata) stay with the producer.
	Body []string
	// Constructors are functions (FullName) of the client returning a new
	// message of the type, with no trace context (nats.NewMsg): a message
	// built by one is judged like a literal.
	Constructors []string
	// DestField is the field path naming the message's destination
	// (sarama's Topic, confluent's TopicPartition.Topic), for the
	// propagation map; nil when the send names it (DestSends) or it is
	// unknown.
	DestField []string
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
	// TracingFields are bool fields of configuration structs that switch
	// the client's own tracing on (Pub/Sub's
	// ClientConfig.EnableOpenTelemetryTracing): a literal of the struct
	// setting one to anything but the constant false installs tracing.
	TracingFields []TracingField
	// Derive are methods (FullName) of a hooked client returning a client
	// built like their receiver (Pub/Sub's Client.Publisher and
	// Client.Subscriber): the result runs the receiver's hooks.
	Derive []string
	// Untraced tells, in a send's diagnostic, that the client is built
	// without its tracing hooks.
	Untraced string
	// ContextBy names, in a consumer's diagnostic, what sets a message's
	// ContextField, and Alternative the instrumentation call that
	// extracts instead ("%s" stands for the message); FixTitle titles the
	// fix that starts the span from the context field.
	ContextBy, Alternative, FixTitle string
}

// A TracingField is a bool field of a configuration struct that switches
// a client's tracing on.
type TracingField struct {
	// Type is the struct type ("pkg.Name", not a pointer).
	Type, Field string
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
	// AttributeRequests are the receives whose input must ask for the
	// headers by name.
	AttributeRequests []AttributeRequest
	// Containers are types ("pkg.Name", not pointers) that only ever hold
	// consumed messages (franz-go's Fetches): a message obtained from one
	// is received.
	Containers []string
	Messages   []Message
	// Hooks is set for a client whose sends may be traced by hooks.
	Hooks *Hooks
	// System is the messaging system the client talks to (kafka, nats,
	// amqp), for the propagation map; empty for an in-house bus, which is
	// a system of its own Name.
	System string
	// DestSends are the sends whose call names the destination (a NATS
	// subject, AMQP's exchange and routing key, kafka-go's Writer.Topic).
	DestSends []DestSend
	// Subscriptions are the calls naming what a consumer receives from.
	Subscriptions []Subscription
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

// A DestSend is a send whose call names the destination itself.
type DestSend struct {
	// Func is the send's FullName.
	Func string
	// Args are the arguments naming the destination; several are joined
	// with "/" (AMQP's exchange and routing key).
	Args []int
	// RecvField is a field of the receiver naming the destination when
	// the message names none (kafka-go's Writer.Topic).
	RecvField string
}

// A DestMessage is a message type naming its destination in a field.
type DestMessage struct {
	// Type is "pkg.Name" of the (non-pointer) message type.
	Type string
	// Field is the field path (confluent's TopicPartition.Topic).
	Field []string
}

// A Subscription is a call that names what a consumer receives from.
type Subscription struct {
	// Func is the call's FullName.
	Func string
	// Arg is the argument naming the destination (-1: none).
	Arg int
	// Field is a field path of Arg holding it (kafka-go's
	// ReaderConfig.Topic), or nil for Arg itself.
	Field []string
	// Variadic: every argument from Arg on names one (franz-go's
	// ConsumeTopics).
	Variadic bool
	// Handler is the argument receiving the messages: a callback, a
	// channel, or a handler value whose methods receive them (sarama's
	// ConsumerGroupHandler); -1 for none.
	Handler int
	// Result: the client that later receives is the call's result
	// (kafka-go's NewReader, NATS's SubscribeSync); otherwise it is the
	// call's receiver (confluent's SubscribeTopics). A call given as an
	// argument of another call (franz-go's ConsumeTopics option of
	// NewClient) stands for that call's result.
	Result bool
}

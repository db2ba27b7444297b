// Package producerinject defines an Analyzer that reports message sends
// (Kafka, NATS, RabbitMQ, and buses declared in configuration) whose
// headers never receive an injected trace context.
//
// # Analyzer producerinject
//
// producerinject: report messages sent without an injected trace context
//
// A producer must inject the current trace context (W3C traceparent and
// baggage) into the headers of every message it sends, through an
// OpenTelemetry TextMapPropagator and a carrier over the headers. When it
// does not, the consumer cannot continue the trace and starts a new one:
// one request becomes two disconnected traces.
//
// producerinject reports a send (sarama SyncProducer.SendMessage and
// SendMessages, AsyncProducer.Input() <- msg, confluent-kafka-go
// Producer.Produce and ProduceChannel() <- msg, NATS PublishMsg and
// RequestMsg, JetStream PublishMsg, amqp091-go Channel.Publish and
// PublishWithContext, the other clients of docs/producerinject.md, or a
// call of a function whose facts say it sends its message parameter
// without injecting) when
// nothing injects into that message's headers before the send. Order is
// judged on the function's control-flow graph (go/ssa): an injection that
// can only run after the send, or whose way to the send resets the headers
// or builds a new message, does not count. A context must be at hand: a
// context.Context variable or parameter declared before the send, or an
// *http.Request one, whose r.Context() is used. And the package must have
// trace context to propagate: it imports OpenTelemetry, an
// instrumentation package or a package whose functions carry tracewire
// facts, or its module's go.mod requires a tracing library directly (then
// the context must come from the caller: a parameter, r.Context(), or a
// context derived from one or from a span start; test files are left to
// -producerinject.strict).
//
// A send that cannot carry headers at all (NATS Publish(subject, data),
// Request, Msg.Respond, JetStream Publish) is reported when a context is at
// hand: the trace cannot cross it. Its fix builds a message with headers,
// injects, and calls the variant that takes the message (PublishMsg).
//
// The message must be one whose origin tracewire can see: a composite
// literal, a call of a function whose facts say it returns a message it
// built, a local variable built from those, or a parameter of an
// unexported function that nothing in the package refers to. The message
// parameter of any other function is judged at that function's calls,
// through its facts, in this package or another.
//
// Only what the headers are built from counts. Injection through a carrier
// over the message or its headers (including an instrumentation carrier
// such as otelsarama.NewProducerMessageCarrier), a propagation.MapCarrier
// filled and then copied into the headers, a traceparent header set by
// hand or built by a helper from a span context, the headers of a received
// message carried on, a call of a function whose facts say it injects into
// the message, a constructor whose facts say it returns the message
// injected, a call given a context and the message through an interface
// method or a function value that tracewire does not follow, or headers
// returned by code given a context that may inject all count. Function
// literals held in local variables are followed like functions. A
// MapCarrier that is injected but never copied into the headers (or copied
// into Metadata) does not, nor does a call that returns only data (an
// encoded payload, a string), nor a function whose facts do not say it
// injects.
//
// The suggested fix injects the context at hand into the message headers
// through otel.GetTextMapPropagator() just before the statement with the
// send, first hoisting a message literal or constructor call into a
// variable. No fix is offered when the fix would not compile or hoisting
// would reorder calls.
//
// Flags:
//
//	-producerinject.strict  report every send without injection, even when
//	                        no context is at hand or the package has no
//	                        trace context to propagate (by its imports or
//	                        its module's go.mod)
package producerinject

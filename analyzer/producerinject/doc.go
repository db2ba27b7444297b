// Package producerinject defines an Analyzer that reports Kafka sends whose
// message headers never receive an injected trace context.
//
// # Analyzer producerinject
//
// producerinject: report Kafka messages sent without an injected trace context
//
// A producer must inject the current trace context (W3C traceparent and
// baggage) into the headers of every message it sends, through an
// OpenTelemetry TextMapPropagator and a carrier over the headers. When it
// does not, the consumer cannot continue the trace and starts a new one:
// one request becomes two disconnected traces.
//
// producerinject reports a send (sarama SyncProducer.SendMessage and
// SendMessages, AsyncProducer.Input() <- msg, confluent-kafka-go
// Producer.Produce and ProduceChannel() <- msg, or a call of a function
// whose facts say it sends its message parameter without injecting) when
// nothing injects into that message's headers before the send in source
// order. A context must be at hand: a context.Context variable or
// parameter declared before the send, or an *http.Request one, whose
// r.Context() is used. And the package must have trace context to
// propagate: it imports OpenTelemetry, a Kafka instrumentation package or
// a package whose functions carry tracewire facts.
//
// The message must be one whose origin tracewire can see: a composite
// literal, a call of a function whose facts say it returns a message it
// built, a local variable built from those, or a parameter of an
// unexported function that nothing in the package refers to. The message
// parameter of any other function is judged at that function's calls,
// through its facts, in this package or another.
//
// Injection through a carrier over the message or its headers (including an
// instrumentation carrier such as otelsarama.NewProducerMessageCarrier), a
// propagation.MapCarrier copied into the headers, a traceparent header set
// by hand, a call of a function whose facts say it injects into the
// message, a constructor whose facts say it returns the message injected, a
// call given a context and the message through an interface method or a
// function value that tracewire does not follow, or message content built
// by a call given a context all count. Function literals held in local
// variables are followed like functions. A MapCarrier that is injected but
// never copied into the headers does not, and neither does a call of a
// function whose facts do not say it injects.
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
//	                        no context is at hand or the package imports
//	                        neither OpenTelemetry, nor an instrumentation
//	                        package, nor a package with tracewire facts
package producerinject

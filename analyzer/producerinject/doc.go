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
// Producer.Produce and ProduceChannel() <- msg) when no propagator Inject
// writes into that message's headers on a path before the send, while a
// context.Context is at hand and the package uses OpenTelemetry. Injection
// through a carrier over the message or its headers, through a
// propagation.MapCarrier copied into the headers, through an
// instrumentation carrier such as otelsarama.NewProducerMessageCarrier, or
// a traceparent header set by hand all count. A MapCarrier that is
// injected but never copied into the headers does not.
//
// The suggested fix injects the context at hand into the message headers
// through otel.GetTextMapPropagator() just before the send.
//
// Flags:
//
//	-producerinject.strict  report every send without injection, even when
//	                        no context is at hand or OpenTelemetry is not
//	                        imported
package producerinject

// Package consumerextract defines an Analyzer that reports spans started in
// message-handling code (Kafka, NATS, RabbitMQ, and buses declared in
// configuration) from a context that was not extracted from the message.
//
// # Analyzer consumerextract
//
// consumerextract: report spans in message handlers not parented on the message's trace context
//
// A consumer must extract the trace context from the headers of the message
// it handles and start its span from the extracted context (or link to it,
// for batch and scheduled work). A span started from context.Background(),
// the consumer-group session's sess.Context() or the poll loop's own
// context begins a new trace, disconnected from the producer's.
//
// consumerextract reports a trace.Tracer Start call in message-handling
// code (a function with a *sarama.ConsumerMessage or confluent-kafka-go
// *kafka.Message parameter, the body of a range over
// ConsumerGroupClaim.Messages() or PartitionConsumer.Messages(), a select
// case receiving from them, or code handling a message from confluent
// Consumer.Poll, ReadMessage or Events, a NATS handler or a message from a
// channel given to ChanSubscribe, from NextMsg, Fetch or jetstream, an AMQP
// delivery; see docs/consumerextract.md) whose parent context does not
// derive from the trace context in that message's headers. A call of a
// function whose facts say it starts a span from one of its context
// arguments is judged the same way, with that argument as the parent.
//
// Derivation is judged on the function's SSA form (go/ssa): only the
// definitions of a context that reach the span start count, so a span
// started before the extraction that follows it, or from an outer context
// that an inner block's extraction shadows, is reported.
//
// The parent carries the message's trace context when it derives from a
// propagator Extract over a carrier built from the message's headers, from
// trace.ContextWithRemoteSpanContext with a span context taken from them,
// from a call of a function whose facts say it extracts from the message,
// or from a call given the message through an interface method or a
// function value that tracewire does not follow (function literals held in
// local variables are followed like functions). A span that links to the
// extracted context is propagation too, and a child of a span started after
// the message arrived is not judged (its parent is). A span in a handler
// that receives its context with the message (a context.Context parameter
// beside the message parameter), started from that context, is judged at
// the handler's calls instead, through its facts. Spans started outside
// message handling are never reported.
//
// The suggested fix extracts onto the existing parent (keeping its
// cancellation) from a carrier over the message headers and starts the span
// from the result.
package consumerextract

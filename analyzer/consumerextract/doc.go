// Package consumerextract defines an Analyzer that reports spans started in
// Kafka message-handling code from a context that was not extracted from the
// message.
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
// Consumer.Poll or ReadMessage) whose parent context does not derive from
// a propagator Extract over a carrier built from that message's headers,
// or from trace.ContextWithRemoteSpanContext with a span context taken
// from them. A span that links to the extracted context is propagation
// too. Spans started outside message handling are never reported.
//
// The suggested fix extracts onto the existing parent (keeping its
// cancellation) from a carrier over the message headers and starts the span
// from the result.
package consumerextract

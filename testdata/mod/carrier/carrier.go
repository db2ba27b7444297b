// Package carrier holds the program's own TextMapCarrier implementations:
// broken ones (Keys returning nothing, an append-only Set used where the
// headers may already hold a trace context) and correct uses.
package carrier

import (
	"context"

	"github.com/IBM/sarama"
	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.opentelemetry.io/otel"
)

// Headers is a carrier over a sarama message whose Set only appends.
type Headers struct{ msg *sarama.ProducerMessage }

// Get returns the first value of key.
func (c Headers) Get(key string) string {
	for _, h := range c.msg.Headers {
		if string(h.Key) == key {
			return string(h.Value)
		}
	}
	return ""
}

// Set appends a header.
func (c Headers) Set(key, value string) {
	c.msg.Headers = append(c.msg.Headers, sarama.RecordHeader{Key: []byte(key), Value: []byte(value)})
}

// Keys is left unimplemented.
func (c Headers) Keys() []string { // want `Keys of carrier Headers returns nil: propagators and bridges that enumerate the carrier's keys see nothing`
	return nil
}

// Forward sends a received message on to another topic with its headers,
// and injects the current span: the copied traceparent stays first.
func Forward(ctx context.Context, p sarama.SyncProducer, in *sarama.ConsumerMessage) error {
	out := &sarama.ProducerMessage{Topic: "out", Value: sarama.ByteEncoder(in.Value)}
	for _, h := range in.Headers {
		out.Headers = append(out.Headers, *h)
	}
	otel.GetTextMapPropagator().Inject(ctx, Headers{out}) // want `Inject writes through Headers.Set \(carrier.go:28\), which appends without replacing an existing key, into headers that are copied from the received message in \(in.Headers\)`
	_, _, err := p.SendMessage(out)
	return err
}

// Retry injects the same message again on each attempt.
func Retry(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage) error {
	var err error
	for range 3 {
		otel.GetTextMapPropagator().Inject(ctx, Headers{msg}) // want `Inject writes through Headers.Set \(carrier.go:28\), which appends without replacing an existing key, into headers that this injection wrote before, when the message is injected again in a loop`
		if _, _, err = p.SendMessage(msg); err == nil {
			return nil
		}
	}
	return err
}

// Fresh injects into a message it has just built: the append-only Set
// is harmless.
func Fresh(ctx context.Context, p sarama.SyncProducer, value []byte) error {
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.ByteEncoder(value)}
	otel.GetTextMapPropagator().Inject(ctx, Headers{msg})
	_, _, err := p.SendMessage(msg)
	return err
}

// RetryFresh builds a new message on each attempt.
func RetryFresh(ctx context.Context, p sarama.SyncProducer, value []byte) error {
	var err error
	for range 3 {
		msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.ByteEncoder(value)}
		otel.GetTextMapPropagator().Inject(ctx, Headers{msg})
		if _, _, err = p.SendMessage(msg); err == nil {
			return nil
		}
	}
	return err
}

// ForwardValue forwards only the payload: the headers are fresh.
func ForwardValue(ctx context.Context, p sarama.SyncProducer, in *sarama.ConsumerMessage) error {
	out := &sarama.ProducerMessage{Topic: "out", Value: sarama.ByteEncoder(in.Value)}
	otel.GetTextMapPropagator().Inject(ctx, Headers{out})
	_, _, err := p.SendMessage(out)
	return err
}

// KafkaHeaders is a carrier over confluent-kafka-go headers, by pointer.
type KafkaHeaders []kafka.Header

// Get returns the first value of key.
func (c *KafkaHeaders) Get(key string) string {
	for _, h := range *c {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// Set appends a header.
func (c *KafkaHeaders) Set(key, value string) {
	*c = append(*c, kafka.Header{Key: key, Value: []byte(value)})
}

// Keys is left unimplemented.
func (c *KafkaHeaders) Keys() []string { // want `Keys of carrier KafkaHeaders returns \[\]string\{\}`
	return []string{}
}

// Relay reads a message and produces it again, as is, to another topic.
func Relay(ctx context.Context, c *kafka.Consumer, p *kafka.Producer, topic string) error {
	m, err := c.ReadMessage(-1)
	if err != nil {
		return err
	}
	m.TopicPartition = kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny}
	h := KafkaHeaders(m.Headers)
	otel.GetTextMapPropagator().Inject(ctx, &h) // want `Inject writes through KafkaHeaders.Set \(carrier.go:105\), which appends without replacing an existing key, into headers that hold the trace context of the message received by c.ReadMessage`
	m.Headers = h
	return p.Produce(m, nil)
}

// Replacing is a carrier whose Set replaces the key: never a finding.
type Replacing struct{ msg *sarama.ProducerMessage }

// Get returns the first value of key.
func (c Replacing) Get(key string) string {
	for _, h := range c.msg.Headers {
		if string(h.Key) == key {
			return string(h.Value)
		}
	}
	return ""
}

// Set replaces key.
func (c Replacing) Set(key, value string) {
	kept := c.msg.Headers[:0:0]
	for _, h := range c.msg.Headers {
		if string(h.Key) != key {
			kept = append(kept, h)
		}
	}
	c.msg.Headers = append(kept, sarama.RecordHeader{Key: []byte(key), Value: []byte(value)})
}

// Keys returns the header keys.
func (c Replacing) Keys() []string {
	keys := make([]string, 0, len(c.msg.Headers))
	for _, h := range c.msg.Headers {
		keys = append(keys, string(h.Key))
	}
	return keys
}

// ForwardReplacing forwards with a carrier that replaces the key.
func ForwardReplacing(ctx context.Context, p sarama.SyncProducer, in *sarama.ConsumerMessage) error {
	out := &sarama.ProducerMessage{Topic: "out", Value: sarama.ByteEncoder(in.Value)}
	for _, h := range in.Headers {
		out.Headers = append(out.Headers, *h)
	}
	otel.GetTextMapPropagator().Inject(ctx, Replacing{out})
	_, _, err := p.SendMessage(out)
	return err
}

// NewHeaders returns a Headers carrier over msg, for other packages.
func NewHeaders(msg *sarama.ProducerMessage) Headers { return Headers{msg} }

// Meta is a carrier over a map, whose Keys never lists anything.
type Meta map[string]string

// Get returns the value of key.
func (m Meta) Get(key string) string { return m[key] }

// Set sets key.
func (m Meta) Set(key, value string) { m[key] = value }

// Keys is not implemented.
func (m Meta) Keys() []string { // want `Keys of carrier Meta returns nil`
	if len(m) == 0 {
		return nil
	}
	panic("not implemented")
}

// Mixed sets through a pointer and lists through a value: the headers
// path of Set (*c) does not read through Keys' receiver, so there is no
// fix.
type Mixed []kafka.Header

// Get returns the first value of key.
func (c Mixed) Get(key string) string {
	for _, h := range c {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// Set appends a header.
func (c *Mixed) Set(key, value string) {
	*c = append(*c, kafka.Header{Key: key, Value: []byte(value)})
}

// Keys is left unimplemented.
func (c Mixed) Keys() []string { // want `Keys of carrier Mixed returns nil`
	return nil
}

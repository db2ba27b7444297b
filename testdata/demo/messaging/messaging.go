// Package messaging is the shop's shared Kafka helper package, used by both
// services. tracewire judges calls of these helpers across the package
// boundary through facts: Publish sends its message as it is (its callers
// must inject), FromMessage returns the context extracted from a message.
package messaging

import (
	"context"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
)

// Publish sends msg synchronously. It does not inject trace context: the
// caller is responsible for the message headers.
func Publish(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	_, _, err := p.SendMessage(msg)
	return err
}

// FromMessage returns parent with the trace context carried in msg's
// headers.
func FromMessage(parent context.Context, msg *sarama.ConsumerMessage) context.Context {
	return otel.GetTextMapPropagator().Extract(parent, headerCarrier{msg: msg})
}

// headerCarrier adapts a consumed message's headers to a TextMapCarrier.
type headerCarrier struct{ msg *sarama.ConsumerMessage }

func (c headerCarrier) Get(key string) string {
	for _, h := range c.msg.Headers {
		if h != nil && string(h.Key) == key {
			return string(h.Value)
		}
	}
	return ""
}

func (c headerCarrier) Set(key, value string) {
	c.msg.Headers = append(c.msg.Headers, &sarama.RecordHeader{Key: []byte(key), Value: []byte(value)})
}

func (c headerCarrier) Keys() []string {
	keys := make([]string, 0, len(c.msg.Headers))
	for _, h := range c.msg.Headers {
		if h != nil {
			keys = append(keys, string(h.Key))
		}
	}
	return keys
}

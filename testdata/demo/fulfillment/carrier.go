package fulfillment

import (
	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel/propagation"
)

// consumerCarrier adapts the headers of a consumed sarama message to
// propagation.TextMapCarrier.
type consumerCarrier struct {
	msg *sarama.ConsumerMessage
}

var _ propagation.TextMapCarrier = consumerCarrier{}

// Get returns the value of the header key.
func (c consumerCarrier) Get(key string) string {
	for _, h := range c.msg.Headers {
		if h != nil && string(h.Key) == key {
			return string(h.Value)
		}
	}
	return ""
}

// Set is a no-op: a consumed message is read-only.
func (c consumerCarrier) Set(string, string) {}

// Keys lists the header keys.
func (c consumerCarrier) Keys() []string {
	keys := make([]string, 0, len(c.msg.Headers))
	for _, h := range c.msg.Headers {
		if h != nil {
			keys = append(keys, string(h.Key))
		}
	}
	return keys
}

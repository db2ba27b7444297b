package orderapi

import (
	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel/propagation"
)

// producerCarrier adapts the headers of an outgoing sarama message to
// propagation.TextMapCarrier.
type producerCarrier struct {
	msg *sarama.ProducerMessage
}

var _ propagation.TextMapCarrier = producerCarrier{}

// Get returns the value of the header key.
func (c producerCarrier) Get(key string) string {
	for _, h := range c.msg.Headers {
		if string(h.Key) == key {
			return string(h.Value)
		}
	}
	return ""
}

// Set sets the header key, replacing an existing value.
func (c producerCarrier) Set(key, value string) {
	for i, h := range c.msg.Headers {
		if string(h.Key) == key {
			c.msg.Headers[i].Value = []byte(value)
			return
		}
	}
	c.msg.Headers = append(c.msg.Headers, sarama.RecordHeader{Key: []byte(key), Value: []byte(value)})
}

// Keys lists the header keys.
func (c producerCarrier) Keys() []string {
	keys := make([]string, 0, len(c.msg.Headers))
	for _, h := range c.msg.Headers {
		keys = append(keys, string(h.Key))
	}
	return keys
}

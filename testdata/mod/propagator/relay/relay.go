// Package relay imports no OpenTelemetry: the propagator fact passes through. // want package:`propagator\(uses example.com/tw/propagator/publish.Publisher.Publish\)`
package relay

import (
	"context"

	"github.com/IBM/sarama"

	"example.com/tw/propagator/publish"
)

// Forward sends a copy of value to topic.
func Forward(ctx context.Context, p publish.Publisher, topic string, value []byte) error {
	return p.Publish(ctx, &sarama.ProducerMessage{Topic: topic, Value: sarama.ByteEncoder(value)})
}

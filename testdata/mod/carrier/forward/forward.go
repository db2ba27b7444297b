// Package forward injects through a carrier of another package (carrier)
// whose Set only appends, known here through its facts.
package forward

import (
	"context"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"

	"example.com/tw/carrier"
)

// Forward copies a received message's headers and injects through
// carrier.Headers: reported, without a fix (Set is in another package).
func Forward(ctx context.Context, p sarama.SyncProducer, in *sarama.ConsumerMessage) error {
	out := &sarama.ProducerMessage{Topic: "out", Value: sarama.ByteEncoder(in.Value)}
	for _, h := range in.Headers {
		out.Headers = append(out.Headers, *h)
	}
	otel.GetTextMapPropagator().Inject(ctx, carrier.NewHeaders(out)) // want `Inject writes through carrier.Headers.Set \(carrier.go:28\), which appends without replacing an existing key, into headers that are copied from the received message in`
	_, _, err := p.SendMessage(out)
	return err
}

// Fresh injects into a new message: not a finding.
func Fresh(ctx context.Context, p sarama.SyncProducer, value []byte) error {
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.ByteEncoder(value)}
	otel.GetTextMapPropagator().Inject(ctx, carrier.NewHeaders(msg))
	_, _, err := p.SendMessage(msg)
	return err
}

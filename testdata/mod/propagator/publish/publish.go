// Package publish injects through the global propagator. // want package:`propagator\(uses example.com/tw/propagator/publish.Publisher.Publish\)` package:`tracewire\(trace\)`
package publish

import (
	"context"

	"github.com/IBM/sarama"
	"github.com/dnwe/otelsarama"
	"go.opentelemetry.io/otel"
)

// A Publisher sends events.
type Publisher struct{ P sarama.SyncProducer }

// Publish sends msg with the trace context of ctx.
func (p Publisher) Publish(ctx context.Context, msg *sarama.ProducerMessage) error { // want Publish:`injects\(1\)`
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
	_, _, err := p.P.SendMessage(msg)
	return err
}

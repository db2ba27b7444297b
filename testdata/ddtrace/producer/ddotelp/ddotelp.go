// Package ddotelp holds producerinject cases for a package that uses both
// OpenTelemetry and dd-trace-go's wrappers: OpenTelemetry's propagator and
// DataDog's tracer.Inject both count, and fixes use OpenTelemetry.
package ddotelp

import (
	"context"

	saramatrace "github.com/DataDog/dd-trace-go/contrib/IBM/sarama/v2"
	"github.com/DataDog/dd-trace-go/v2/ddtrace/tracer"
	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
)

func Missing(ctx context.Context, p sarama.SyncProducer, body []byte) error {
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.ByteEncoder(body)}
	_, _, err := p.SendMessage(msg) // want `sarama SyncProducer.SendMessage sends msg without injected trace context: .*otel.GetTextMapPropagator\(\).Inject before sending`
	return err
}

func OTelInjected(ctx context.Context, p sarama.SyncProducer, body []byte) error {
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.ByteEncoder(body)}
	otel.GetTextMapPropagator().Inject(ctx, otelCarrier{msg})
	_, _, err := p.SendMessage(msg)
	return err
}

func DDInjected(ctx context.Context, p sarama.SyncProducer, body []byte) error {
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.ByteEncoder(body)}
	if span, ok := tracer.SpanFromContext(ctx); ok {
		_ = tracer.Inject(span.Context(), saramatrace.NewProducerMessageCarrier(msg))
	}
	_, _, err := p.SendMessage(msg)
	return err
}

// otelCarrier is an OpenTelemetry carrier over a producer message.
type otelCarrier struct{ msg *sarama.ProducerMessage }

func (c otelCarrier) Get(string) string { return "" }
func (c otelCarrier) Set(k, v string) {
	c.msg.Headers = append(c.msg.Headers, sarama.RecordHeader{Key: []byte(k), Value: []byte(v)})
}
func (c otelCarrier) Keys() []string { return nil }

// Package kafkagoc holds consumerextract cases for github.com/segmentio/kafka-go.
package kafkagoc

import (
	"context"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

var tracer = otel.Tracer("worker")

func process([]byte) {}

// --- positives ---

func Read(ctx context.Context, r *kafka.Reader) error {
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return err
		}
		_, span := tracer.Start(ctx, "process") // want `span "process" is started from ctx, not from the trace context in m's headers`
		process(m.Value)
		span.End()
	}
}

func Fetch(ctx context.Context, r *kafka.Reader) error {
	m, err := r.FetchMessage(ctx)
	if err != nil {
		return err
	}
	_, span := tracer.Start(context.Background(), "fetch") // want `started from context.Background\(\), not from the trace context in m's headers`
	defer span.End()
	process(m.Value)
	return r.CommitMessages(ctx, m)
}

func Batch(ctx context.Context, b *kafka.Batch) {
	for {
		m, err := b.ReadMessage()
		if err != nil {
			return
		}
		_, span := tracer.Start(ctx, "batch") // want `started from ctx, not from the trace context in m's headers`
		process(m.Value)
		span.End()
	}
}

// --- negatives ---

func Extracted(ctx context.Context, r *kafka.Reader) error {
	m, err := r.ReadMessage(ctx)
	if err != nil {
		return err
	}
	carrier := propagation.MapCarrier{}
	for _, h := range m.Headers {
		carrier[h.Key] = string(h.Value)
	}
	_, span := tracer.Start(otel.GetTextMapPropagator().Extract(ctx, carrier), "process")
	defer span.End()
	process(m.Value)
	return nil
}

// A message built here to be written is not being handled.
func Produce(ctx context.Context, w *kafka.Writer) error {
	_, span := tracer.Start(ctx, "produce")
	defer span.End()
	m := kafka.Message{Value: []byte("x")}
	return w.WriteMessages(ctx, m)
}

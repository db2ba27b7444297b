// Package stale holds producers that inject the caller's context where the
// send span's belongs, and correct ones.
package stale

import (
	"context"
	"log"

	"github.com/IBM/sarama"
	"github.com/dnwe/otelsarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("stale")

var producer = trace.WithSpanKind(trace.SpanKindProducer)

// InjectThenStart injects ctx, then starts the send span from it.
func InjectThenStart(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage) error {
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg)) // want `Inject injects ctx before the producer span started from it at line 23`
	ctx, span := tracer.Start(ctx, "orders send", trace.WithSpanKind(trace.SpanKindProducer))
	defer span.End()
	_, _, err := p.SendMessage(msg)
	log.Println(ctx.Err())
	return err
}

// InjectThenStartBlank injects ctx, then starts the send span and throws
// its context away.
func InjectThenStartBlank(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage) error {
	carrier := otelsarama.NewProducerMessageCarrier(msg)
	otel.GetTextMapPropagator().Inject(ctx, carrier) // want `Inject injects ctx before the producer span started from it`
	_, span := tracer.Start(ctx, "orders send", trace.WithSpanKind(trace.SpanKindProducer))
	defer span.End()
	_, _, err := p.SendMessage(msg)
	return err
}

// Discarded starts the send span, throws its context away and injects the
// caller's.
func Discarded(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage) error {
	_, span := tracer.Start(ctx, "orders send", trace.WithSpanKind(trace.SpanKindProducer))
	defer span.End()
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg)) // want `Inject injects ctx, not the context Start returns \(discarded with _\) for the producer span started at line 44`
	_, _, err := p.SendMessage(msg)
	return err
}

// DiscardedNamed keeps the span's context, but injects the caller's.
func DiscardedNamed(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage) error {
	sendCtx, span := tracer.Start(ctx, "orders send", producer)
	defer span.End()
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg)) // want `Inject injects ctx, not the context Start returns for the producer span`
	_, _, err := p.SendMessage(msg)
	log.Println(sendCtx.Err())
	return err
}

// CopiedBetween injects into a map carrier and copies it into the headers
// before starting the send span: a finding, but moving the injection would
// leave the headers empty, so there is no fix.
func CopiedBetween(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier) // want `Inject injects ctx before the producer span started from it`
	for k, v := range carrier {
		msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: []byte(k), Value: []byte(v)})
	}
	ctx, span := tracer.Start(ctx, "orders send", producer)
	defer span.End()
	_, _, err := p.SendMessage(msg)
	log.Println(ctx.Err())
	return err
}

// OptionsSlice starts the send span with options in a slice, as
// instrumentation libraries do, and injects the caller's context.
func OptionsSlice(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage) error {
	opts := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindProducer)}
	opts = append(opts, trace.WithNewRoot())
	_, span := tracer.Start(ctx, "orders send", opts...)
	defer span.End()
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg)) // want `Inject injects ctx, not the context Start returns \(discarded with _\)`
	_, _, err := p.SendMessage(msg)
	return err
}

// Batch injects each message, then starts its send span from the same
// ctx, in a loop.
func Batch(ctx context.Context, p sarama.SyncProducer, msgs []*sarama.ProducerMessage) error {
	for _, msg := range msgs {
		otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg)) // want `Inject injects ctx before the producer span started from it`
		sctx, span := tracer.Start(ctx, "orders send", producer)
		_, _, err := p.SendMessage(msg)
		span.End()
		if err != nil {
			return err
		}
		log.Println(sctx.Err())
	}
	return nil
}

// BatchCorrect starts each send span, then injects its context.
func BatchCorrect(ctx context.Context, p sarama.SyncProducer, msgs []*sarama.ProducerMessage) error {
	for _, msg := range msgs {
		sctx, span := tracer.Start(ctx, "orders send", producer)
		otel.GetTextMapPropagator().Inject(sctx, otelsarama.NewProducerMessageCarrier(msg))
		_, _, err := p.SendMessage(msg)
		span.End()
		if err != nil {
			return err
		}
	}
	return nil
}

// Correct starts the send span and injects its context.
func Correct(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage) error {
	ctx, span := tracer.Start(ctx, "orders send", trace.WithSpanKind(trace.SpanKindProducer))
	defer span.End()
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
	_, _, err := p.SendMessage(msg)
	return err
}

// Internal starts a span of another kind: injecting the caller's context
// is not this check's business.
func Internal(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage) error {
	_, span := tracer.Start(ctx, "encode", trace.WithSpanKind(trace.SpanKindInternal))
	span.End()
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
	_, _, err := p.SendMessage(msg)
	return err
}

// Options passes span options the analysis cannot see.
func Options(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage, opts ...trace.SpanStartOption) error {
	_, span := tracer.Start(ctx, "orders send", opts...)
	defer span.End()
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
	_, _, err := p.SendMessage(msg)
	return err
}

// SentBetween injects for one send, then starts a producer span for the
// next message.
func SentBetween(ctx context.Context, p sarama.SyncProducer, first, second *sarama.ProducerMessage) error {
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(first))
	if _, _, err := p.SendMessage(first); err != nil {
		return err
	}
	ctx, span := tracer.Start(ctx, "second send", producer)
	defer span.End()
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(second))
	_, _, err := p.SendMessage(second)
	return err
}

// Reinjected injects the caller's context early and the span's after the
// Start: the span's context is what the headers hold.
func Reinjected(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage) error {
	carrier := otelsarama.NewProducerMessageCarrier(msg)
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	sctx, span := tracer.Start(ctx, "orders send", producer)
	defer span.End()
	otel.GetTextMapPropagator().Inject(sctx, carrier)
	_, _, err := p.SendMessage(msg)
	return err
}

// EveryPath injects the span's context on the path that starts one, and
// the caller's on the path that does not.
func EveryPath(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage, traced bool) error {
	sctx := ctx
	if traced {
		var span trace.Span
		sctx, span = tracer.Start(ctx, "orders send", producer)
		defer span.End()
	}
	otel.GetTextMapPropagator().Inject(sctx, otelsarama.NewProducerMessageCarrier(msg))
	_, _, err := p.SendMessage(msg)
	return err
}

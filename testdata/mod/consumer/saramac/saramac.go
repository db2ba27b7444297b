// Package saramac holds consumerextract cases for github.com/IBM/sarama.
package saramac

import (
	"context"

	"github.com/IBM/sarama"
	"github.com/dnwe/otelsarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("worker")

type base struct{}

func (base) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (base) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// --- positives ---

type rangeHandler struct{ base }

func (rangeHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		_, span := tracer.Start(sess.Context(), "process") // want `span "process" is started from sess.Context\(\), not from the trace context in msg's headers: the message's trace is broken here; extract it with otel.GetTextMapPropagator\(\).Extract over msg.Headers`
		span.End()
		sess.MarkMessage(msg, "")
	}
	return nil
}

type selectHandler struct{ base }

// The receive in a select, as in sarama's own consumer-group example.
func (selectHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for {
		select {
		case message, ok := <-claim.Messages():
			if !ok {
				return nil
			}
			ctx, span := tracer.Start(context.Background(), "process") // want `span "process" is started from context.Background\(\), not from the trace context in message's headers`
			work(ctx)
			span.End()
			sess.MarkMessage(message, "")
		case <-sess.Context().Done():
			return nil
		}
	}
}

func work(context.Context) {}

func handle(msg *sarama.ConsumerMessage) {
	_, span := tracer.Start(context.Background(), "handle") // want `started from context.Background\(\), not from the trace context in msg's headers`
	defer span.End()
}

// A package-level function literal handling a message.
var handleFunc = func(msg *sarama.ConsumerMessage) {
	_, span := tracer.Start(context.Background(), "handle") // want `started from context.Background\(\), not from the trace context in msg's headers`
	span.End()
}

// The poll loop's own context is not the message's.
func Partition(ctx context.Context, pc sarama.PartitionConsumer) {
	for m := range pc.Messages() {
		if _, span := tracer.Start(ctx, "partition"); span != nil { // want `started from ctx, not from the trace context in m's headers`
			work(context.WithValue(ctx, "offset", m.Offset))
			span.End()
		}
	}
}

// A closure handling a message uses a context captured from outside.
func Closure(ctx context.Context, pc sarama.PartitionConsumer) {
	h := func(m *sarama.ConsumerMessage) {
		_, span := tracer.Start(ctx, "closure") // want `started from ctx, not from the trace context in m's headers`
		span.End()
	}
	for m := range pc.Messages() {
		h(m)
	}
}

type extractedUnused struct{ base }

// Extracting and then starting the span from something else is a finding.
func (extractedUnused) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		ctx := otel.GetTextMapPropagator().Extract(sess.Context(), otelsarama.NewConsumerMessageCarrier(msg))
		_ = ctx
		_, span := tracer.Start(sess.Context(), "process") // want `started from sess.Context\(\), not from the trace context in msg's headers`
		span.End()
	}
	return nil
}

type claimSpan struct{ base }

// A span started for the whole claim, before any message arrived, is not
// the message's trace context.
func (claimSpan) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	ctx, span := tracer.Start(sess.Context(), "claim")
	defer span.End()
	for msg := range claim.Messages() {
		_, child := tracer.Start(ctx, "process") // want `span "process" is started from ctx, not from the trace context in msg's headers`
		child.End()
		sess.MarkMessage(msg, "")
	}
	return nil
}

// --- negatives ---

type extracted struct{ base }

func (extracted) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	_, claimSpan := tracer.Start(sess.Context(), "claim") // outside message handling
	defer claimSpan.End()
	for msg := range claim.Messages() {
		ctx := otel.GetTextMapPropagator().Extract(sess.Context(), otelsarama.NewConsumerMessageCarrier(msg))
		ctx, span := tracer.Start(ctx, "process")
		_, child := tracer.Start(ctx, "child") // a child of the extracted span
		child.End()
		span.End()
	}
	return nil
}

type mapCarrier struct{ base }

func (mapCarrier) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		carrier := propagation.MapCarrier{}
		for _, h := range msg.Headers {
			carrier.Set(string(h.Key), string(h.Value))
		}
		ctx := propagation.TraceContext{}.Extract(sess.Context(), carrier)
		_, span := tracer.Start(ctx, "process")
		span.End()
	}
	return nil
}

type linked struct{ base }

// Batch-style: a new root that links to the producer's span.
func (linked) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		remote := otel.GetTextMapPropagator().Extract(context.Background(), otelsarama.NewConsumerMessageCarrier(msg))
		_, span := tracer.Start(sess.Context(), "process", trace.WithNewRoot(), trace.WithLinks(trace.LinkFromContext(remote)))
		span.End()
	}
	return nil
}

func remoteSpanContext(msg *sarama.ConsumerMessage) {
	sc := trace.SpanContextFromContext(otel.GetTextMapPropagator().Extract(context.Background(), otelsarama.NewConsumerMessageCarrier(msg)))
	ctx := trace.ContextWithRemoteSpanContext(context.Background(), sc)
	_, span := tracer.Start(ctx, "remote")
	span.End()
}

// A handler given its context with the message: the caller may extract.
func Handle(ctx context.Context, msg *sarama.ConsumerMessage) {
	_, span := tracer.Start(ctx, "handle")
	span.End()
}

// A helper given the message may extract.
func Helper(ctx context.Context, pc sarama.PartitionConsumer) {
	for m := range pc.Messages() {
		mctx := fromKafka(ctx, m)
		_, span := tracer.Start(mctx, "helper")
		span.End()
	}
}

func fromKafka(ctx context.Context, m *sarama.ConsumerMessage) context.Context {
	return otel.GetTextMapPropagator().Extract(ctx, otelsarama.NewConsumerMessageCarrier(m))
}

// Code the analysis cannot see (dd-trace's tracer.Extract, here a function
// value) given a carrier over the message may extract.
func Opaque(ctx context.Context, pc sarama.PartitionConsumer, extract func(ctx context.Context, carrier any) context.Context) {
	for m := range pc.Messages() {
		mctx := extract(ctx, otelsarama.NewConsumerMessageCarrier(m))
		_, span := tracer.Start(mctx, "opaque")
		span.End()
	}
}

// Spans outside message handling are never findings.
func Startup(ctx context.Context, pc sarama.PartitionConsumer) {
	_, span := tracer.Start(context.Background(), "startup")
	defer span.End()
	var batch []*sarama.ConsumerMessage
	for m := range pc.Messages() {
		batch = append(batch, m)
	}
	_, flush := tracer.Start(ctx, "flush")
	flush.End()
}

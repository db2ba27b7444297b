// Package orderc holds consumerextract cases that need the flow-sensitive
// model: which definition of a context reaches the span start, on the
// control-flow graph.
package orderc

import (
	"context"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

var tracer = otel.Tracer("worker")

func headers(msg *sarama.ConsumerMessage) propagation.MapCarrier {
	c := propagation.MapCarrier{}
	for _, h := range msg.Headers {
		c[string(h.Key)] = string(h.Value)
	}
	return c
}

type handler struct{}

func (handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// --- positives ---

// The extraction declares a new ctx inside the if block; the span starts
// from the outer one, never extracted.
func (handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		ctx := sess.Context()
		if len(msg.Headers) > 0 {
			ctx := otel.GetTextMapPropagator().Extract(ctx, headers(msg))
			work(ctx)
		}
		_, span := tracer.Start(ctx, "process") // want `span "process" is started from ctx, not from the trace context in msg's headers`
		span.End()
	}
	return nil
}

type before struct{ handler }

// The span starts before the extraction that follows it.
func (before) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		ctx := sess.Context()
		_, span := tracer.Start(ctx, "process") // want `span "process" is started from ctx, not from the trace context in msg's headers`
		ctx = otel.GetTextMapPropagator().Extract(ctx, headers(msg))
		work(ctx)
		span.End()
	}
	return nil
}

// --- negatives ---

type onePath struct{ handler }

// Extracted on one path: may-semantics, silent.
func (onePath) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		ctx := sess.Context()
		if len(msg.Headers) > 0 {
			ctx = otel.GetTextMapPropagator().Extract(ctx, headers(msg))
		}
		_, span := tracer.Start(ctx, "process")
		span.End()
	}
	return nil
}

type captured struct{ handler }

// Extracted into a variable that a closure starting the span captures.
func (captured) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		ctx := otel.GetTextMapPropagator().Extract(sess.Context(), headers(msg))
		run := func() {
			_, span := tracer.Start(ctx, "process")
			span.End()
		}
		run()
	}
	return nil
}

type reassigned struct{ handler }

// Extracted after a first span whose context is not used again, then a
// second span from the extracted context.
func (reassigned) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		ctx := otel.GetTextMapPropagator().Extract(sess.Context(), headers(msg))
		ctx, span := tracer.Start(ctx, "process")
		work(ctx)
		span.End()
	}
	return nil
}

func work(context.Context) {}

// Package worker is the downstream end of the cross-package chain for
// consumerextract.
package worker

import (
	"context"

	"github.com/IBM/sarama"

	"example.com/tw/xpkg/events"
	"example.com/tw/xpkg/tracing"
)

type handler struct{}

func (handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		events.Handle(sess.Context(), msg) // want `events.Handle starts a span from sess.Context\(\), not from the trace context in msg's headers`

		_, span := tracing.Traced(context.Background(), "direct") // want `tracing.Traced starts a span from context.Background\(\), not from the trace context in msg's headers`
		span.End()

		ctx := tracing.FromKafka(sess.Context(), msg)
		events.Handle(ctx, msg)
		events.HandleExtracting(sess.Context(), msg)
		_, span2 := tracing.Traced(ctx, "extracted")
		span2.End()
		sess.MarkMessage(msg, "")
	}
	return nil
}

// A same-package handler receiving the context with the message is judged
// at its callers.
func process(ctx context.Context, msg *sarama.ConsumerMessage) {
	events.Handle(ctx, msg)
}

func Run(ctx context.Context, pc sarama.PartitionConsumer) {
	for m := range pc.Messages() {
		process(ctx, m) // want `process starts a span from ctx, not from the trace context in m's headers`
		process(tracing.FromKafka(ctx, m), m)
	}
}

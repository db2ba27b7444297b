// Package selectc: a consumer group handler that receives in a select
// case and starts its span with a multi-line Start and options, in a
// package that imports go.opentelemetry.io/otel/trace but not otel itself.
// The fix extracts from the message's headers and adds the imports.
package selectc

import (
	"context"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel/trace"
)

type handler struct {
	tracer trace.Tracer
}

func (handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for {
		select {
		case msg, ok := <-claim.Messages():
			if !ok {
				return nil
			}
			ctx, span := h.tracer.Start( // want `span "orders.process" is started from sess.Context\(\), not from the trace context in msg's headers`
				sess.Context(),
				"orders.process",
				trace.WithSpanKind(trace.SpanKindConsumer),
			)
			process(ctx, msg)
			span.End()
			sess.MarkMessage(msg, "")
		case <-sess.Context().Done():
			return nil
		}
	}
}

func process(context.Context, *sarama.ConsumerMessage) {}

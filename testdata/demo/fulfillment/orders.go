// Package fulfillment is the shop's fulfillment worker: it consumes order
// and payment events from Kafka, reserves stock and ships paid orders.
package fulfillment

import (
	"context"
	"encoding/json"
	"log/slog"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"example.com/shop/events"
	"example.com/shop/messaging"
)

// Warehouse reserves stock and ships orders.
type Warehouse interface {
	Reserve(ctx context.Context, order events.OrderPlaced) error
	Release(ctx context.Context, orderID string) error
	Ship(ctx context.Context, orderID string) error
}

// OrderHandler is the sarama consumer-group handler for order events.
type OrderHandler struct {
	warehouse Warehouse
	tracer    trace.Tracer
	log       *slog.Logger
}

var _ sarama.ConsumerGroupHandler = (*OrderHandler)(nil)

// NewOrderHandler returns a handler that reserves stock for placed orders.
func NewOrderHandler(w Warehouse, log *slog.Logger) *OrderHandler {
	return &OrderHandler{warehouse: w, tracer: otel.Tracer("example.com/shop/fulfillment"), log: log}
}

// Setup is run at the beginning of a new session.
func (h *OrderHandler) Setup(sarama.ConsumerGroupSession) error { return nil }

// Cleanup is run at the end of a session.
func (h *OrderHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// ConsumeClaim reserves stock for every OrderPlaced of the claim.
func (h *OrderHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		ctx, span := h.tracer.Start(sess.Context(), "fulfillment.reserve_stock",
			trace.WithSpanKind(trace.SpanKindConsumer))

		var order events.OrderPlaced
		if err := json.Unmarshal(msg.Value, &order); err != nil {
			h.log.WarnContext(ctx, "dropping malformed OrderPlaced", "offset", msg.Offset, "err", err)
			span.SetStatus(codes.Error, "malformed message")
		} else if err := h.warehouse.Reserve(ctx, order); err != nil {
			span.RecordError(err)
			span.SetStatus(codes.Error, "reserving stock")
		}
		span.End()
		sess.MarkMessage(msg, "")
	}
	return nil
}

// CancellationHandler releases the stock of cancelled orders. It continues
// the producer's trace, extracted by the shared messaging helper.
type CancellationHandler struct {
	warehouse Warehouse
	tracer    trace.Tracer
}

var _ sarama.ConsumerGroupHandler = (*CancellationHandler)(nil)

// NewCancellationHandler returns a handler that releases stock.
func NewCancellationHandler(w Warehouse) *CancellationHandler {
	return &CancellationHandler{warehouse: w, tracer: otel.Tracer("example.com/shop/fulfillment")}
}

// Setup is run at the beginning of a new session.
func (h *CancellationHandler) Setup(sarama.ConsumerGroupSession) error { return nil }

// Cleanup is run at the end of a session.
func (h *CancellationHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// ConsumeClaim releases the stock of every cancelled order of the claim.
func (h *CancellationHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		parent := messaging.FromMessage(sess.Context(), msg)
		ctx, span := h.tracer.Start(parent, "fulfillment.release_stock",
			trace.WithSpanKind(trace.SpanKindConsumer))

		var ev events.OrderCancelled
		if err := json.Unmarshal(msg.Value, &ev); err == nil {
			if err := h.warehouse.Release(ctx, ev.OrderID); err != nil {
				span.RecordError(err)
			}
		}
		span.End()
		sess.MarkMessage(msg, "")
	}
	return nil
}

// Run consumes topic with handler until ctx is done.
func Run(ctx context.Context, group sarama.ConsumerGroup, topic string, handler sarama.ConsumerGroupHandler) error {
	for {
		if err := group.Consume(ctx, []string{topic}, handler); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}

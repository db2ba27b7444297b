// Package orderapi is the shop's order API: it accepts orders over HTTP,
// stores them and publishes order events to Kafka for the fulfillment
// worker.
package orderapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"example.com/shop/events"
	"example.com/shop/messaging"
)

// ErrEmptyOrder is returned for an order without items.
var ErrEmptyOrder = errors.New("order has no items")

// Store persists orders.
type Store interface {
	Save(ctx context.Context, order events.OrderPlaced) error
	MarkPaid(ctx context.Context, orderID string, amountCents int64) error
}

// Service places orders and publishes their events.
type Service struct {
	store    Store
	producer sarama.SyncProducer
	tracer   trace.Tracer
	now      func() time.Time
}

// NewService returns a Service that stores orders in store and publishes
// events through producer.
func NewService(store Store, producer sarama.SyncProducer) *Service {
	return &Service{
		store:    store,
		producer: producer,
		tracer:   otel.Tracer("example.com/shop/orderapi"),
		now:      time.Now,
	}
}

// PlaceOrderRequest is the body of POST /orders.
type PlaceOrderRequest struct {
	CustomerID string        `json:"customer_id"`
	Items      []events.Item `json:"items"`
	TotalCents int64         `json:"total_cents"`
}

// Place stores a new order and publishes OrderPlaced.
func (s *Service) Place(ctx context.Context, req PlaceOrderRequest) (events.OrderPlaced, error) {
	ctx, span := s.tracer.Start(ctx, "orders.place", trace.WithSpanKind(trace.SpanKindProducer))
	defer span.End()

	if len(req.Items) == 0 {
		return events.OrderPlaced{}, ErrEmptyOrder
	}
	order := events.OrderPlaced{
		OrderID:    newOrderID(),
		CustomerID: req.CustomerID,
		Items:      req.Items,
		TotalCents: req.TotalCents,
		PlacedAt:   s.now().UTC(),
	}
	span.SetAttributes(attribute.String("order.id", order.OrderID))
	if err := s.store.Save(ctx, order); err != nil {
		span.SetStatus(codes.Error, "saving order")
		return events.OrderPlaced{}, fmt.Errorf("saving order: %w", err)
	}

	payload, err := json.Marshal(order)
	if err != nil {
		return events.OrderPlaced{}, err
	}
	msg := &sarama.ProducerMessage{
		Topic: events.TopicOrderPlaced,
		Key:   sarama.StringEncoder(order.OrderID),
		Value: sarama.ByteEncoder(payload),
	}
	partition, offset, err := s.producer.SendMessage(msg)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "publishing OrderPlaced")
		return events.OrderPlaced{}, fmt.Errorf("publishing OrderPlaced: %w", err)
	}
	span.SetAttributes(
		attribute.Int("messaging.kafka.partition", int(partition)),
		attribute.Int64("messaging.kafka.offset", offset),
	)
	return order, nil
}

// CapturePayment records the payment for an order and publishes
// PaymentTaken, with the trace context in the message headers.
func (s *Service) CapturePayment(ctx context.Context, orderID string, amountCents int64) error {
	ctx, span := s.tracer.Start(ctx, "orders.capture_payment", trace.WithSpanKind(trace.SpanKindProducer))
	defer span.End()

	if err := s.store.MarkPaid(ctx, orderID, amountCents); err != nil {
		span.SetStatus(codes.Error, "recording payment")
		return fmt.Errorf("recording payment: %w", err)
	}
	payload, err := json.Marshal(events.PaymentTaken{OrderID: orderID, AmountCents: amountCents})
	if err != nil {
		return err
	}
	msg := &sarama.ProducerMessage{
		Topic: events.TopicPaymentTaken,
		Key:   sarama.StringEncoder(orderID),
		Value: sarama.ByteEncoder(payload),
	}
	otel.GetTextMapPropagator().Inject(ctx, producerCarrier{msg: msg})
	if _, _, err := s.producer.SendMessage(msg); err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "publishing PaymentTaken")
		return fmt.Errorf("publishing PaymentTaken: %w", err)
	}
	return nil
}

// Refund publishes RefundIssued through the shared messaging helper, which
// sends the message as it is.
func (s *Service) Refund(ctx context.Context, orderID string, amountCents int64) error {
	ctx, span := s.tracer.Start(ctx, "orders.refund", trace.WithSpanKind(trace.SpanKindProducer))
	defer span.End()

	payload, err := json.Marshal(events.RefundIssued{OrderID: orderID, AmountCents: amountCents})
	if err != nil {
		return err
	}
	msg := &sarama.ProducerMessage{
		Topic: events.TopicRefundIssued,
		Key:   sarama.StringEncoder(orderID),
		Value: sarama.ByteEncoder(payload),
	}
	if err := messaging.Publish(ctx, s.producer, msg); err != nil {
		span.RecordError(err)
		return fmt.Errorf("publishing RefundIssued: %w", err)
	}
	return nil
}

func newOrderID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "ord_" + hex.EncodeToString(b[:])
}

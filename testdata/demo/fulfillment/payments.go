package fulfillment

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"example.com/shop/events"
)

// PaymentPoller ships orders once their payment is taken. It reads
// PaymentTaken events with a confluent-kafka-go poll loop.
type PaymentPoller struct {
	consumer  *kafka.Consumer
	warehouse Warehouse
	tracer    trace.Tracer
	log       *slog.Logger
}

// NewPaymentPoller subscribes to PaymentTaken events.
func NewPaymentPoller(brokers, groupID string, w Warehouse, log *slog.Logger) (*PaymentPoller, error) {
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers":  brokers,
		"group.id":           groupID,
		"auto.offset.reset":  "earliest",
		"enable.auto.commit": true,
	})
	if err != nil {
		return nil, fmt.Errorf("creating consumer: %w", err)
	}
	if err := c.SubscribeTopics([]string{events.TopicPaymentTaken}, nil); err != nil {
		c.Close()
		return nil, fmt.Errorf("subscribing: %w", err)
	}
	return &PaymentPoller{
		consumer:  c,
		warehouse: w,
		tracer:    otel.Tracer("example.com/shop/fulfillment"),
		log:       log,
	}, nil
}

// Run polls until ctx is done or the consumer fails.
func (p *PaymentPoller) Run(ctx context.Context) error {
	defer p.consumer.Close()
	for ctx.Err() == nil {
		ev := p.consumer.Poll(100)
		switch e := ev.(type) {
		case *kafka.Message:
			spanCtx, span := p.tracer.Start(ctx, "fulfillment.ship_order",
				trace.WithSpanKind(trace.SpanKindConsumer))
			var payment events.PaymentTaken
			if err := json.Unmarshal(e.Value, &payment); err != nil {
				p.log.WarnContext(spanCtx, "dropping malformed PaymentTaken", "partition", e.TopicPartition, "err", err)
			} else if err := p.warehouse.Ship(spanCtx, payment.OrderID); err != nil {
				span.RecordError(err)
				span.SetStatus(codes.Error, "shipping order")
			}
			span.End()
		case kafka.Error:
			p.log.ErrorContext(ctx, "kafka error", "code", e.Code(), "err", e)
			if e.IsFatal() {
				return e
			}
		}
	}
	return nil
}

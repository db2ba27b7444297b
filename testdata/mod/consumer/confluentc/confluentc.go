// Package confluentc holds consumerextract cases for confluent-kafka-go.
package confluentc

import (
	"context"
	"time"

	v1 "github.com/confluentinc/confluent-kafka-go/kafka"
	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

var tracer = otel.Tracer("worker")

// --- positives ---

func Poll(ctx context.Context, c *kafka.Consumer) {
	for ctx.Err() == nil {
		ev := c.Poll(100)
		switch e := ev.(type) {
		case *kafka.Message:
			_, span := tracer.Start(ctx, "process") // want `span "process" is started from ctx, not from the trace context in e's headers`
			process(e.Value)
			span.End()
		case kafka.Error:
			return
		}
	}
}

func Read(ctx context.Context, c *kafka.Consumer) error {
	msg, err := c.ReadMessage(time.Second)
	if err != nil {
		return err
	}
	_, span := tracer.Start(context.TODO(), "read") // want `started from context.TODO\(\), not from the trace context in msg's headers`
	defer span.End()
	process(msg.Value)
	return nil
}

func Assert(ctx context.Context, c *kafka.Consumer) {
	for ev := range c.Events() {
		if m, ok := ev.(*kafka.Message); ok {
			_, span := tracer.Start(ctx, "event") // want `started from ctx, not from the trace context in m's headers`
			process(m.Value)
			span.End()
		}
	}
}

func Handler(msg *v1.Message) {
	_, span := tracer.Start(context.Background(), "v1") // want `started from context.Background\(\), not from the trace context in msg's headers`
	span.End()
}

func process([]byte) {}

// --- negatives ---

func Extracted(ctx context.Context, c *kafka.Consumer) error {
	msg, err := c.ReadMessage(time.Second)
	if err != nil {
		return err
	}
	carrier := propagation.MapCarrier{}
	for _, h := range msg.Headers {
		carrier[h.Key] = string(h.Value)
	}
	ctx = otel.GetTextMapPropagator().Extract(ctx, carrier)
	_, span := tracer.Start(ctx, "read")
	defer span.End()
	return nil
}

// A message this function builds and produces is not being handled.
func Send(p *kafka.Producer, topic string, value []byte) error {
	_, span := tracer.Start(context.Background(), "send")
	defer span.End()
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: value}
	return p.Produce(msg, nil)
}

// A message parameter this function produces is not being handled.
func Forward(p *kafka.Producer, msg *kafka.Message) error {
	_, span := tracer.Start(context.Background(), "forward")
	defer span.End()
	return p.Produce(msg, nil)
}

// Delivery reports from a producer are not consumed messages.
func Deliveries(p *kafka.Producer) {
	for ev := range p.Events() {
		if m, ok := ev.(*kafka.Message); ok {
			_, span := tracer.Start(context.Background(), "delivered")
			_ = m
			span.End()
		}
	}
}

// Package amqpc: RabbitMQ deliveries (amqp091-go and streadway/amqp),
// whose header values other languages send as strings or bytes.
package amqpc

import (
	"context"

	amqp "github.com/rabbitmq/amqp091-go"
	streadway "github.com/streadway/amqp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

var tracer = otel.Tracer("amqpc")

func consume(ctx context.Context, ch *amqp.Channel) error {
	deliveries, err := ch.Consume("orders", "", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range deliveries {
		_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in d's headers: the message's trace is broken here; extract it with otel.GetTextMapPropagator\(\).Extract over d.Headers and start the span from the result`
		span.End()
		d.Ack(false)
	}
	return nil
}

func consumeWithContext(ctx context.Context, ch *amqp.Channel) error {
	deliveries, err := ch.ConsumeWithContext(ctx, "orders", "", false, false, false, false, nil)
	if err != nil {
		return err
	}
	d := <-deliveries
	_, span := tracer.Start(context.Background(), "orders.process") // want `span "orders.process" is started from context.Background\(\), not from the trace context in d's headers`
	span.End()
	return d.Ack(false)
}

func get(ctx context.Context, ch *amqp.Channel) error {
	d, ok, err := ch.Get("orders", true)
	if err != nil || !ok {
		return err
	}
	_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in d's headers`
	span.End()
	return d.Ack(false)
}

func streadwayConsume(ctx context.Context, ch *streadway.Channel) error {
	deliveries, err := ch.Consume("orders", "", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range deliveries {
		_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in d's headers`
		span.End()
		d.Ack(false)
	}
	return nil
}

// Negatives.

func extracted(ctx context.Context, ch *amqp.Channel) error {
	deliveries, err := ch.Consume("orders", "", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range deliveries {
		carrier := propagation.MapCarrier{}
		for k, v := range d.Headers {
			if s, ok := v.(string); ok {
				carrier[k] = s
			}
		}
		dctx := otel.GetTextMapPropagator().Extract(ctx, carrier)
		_, span := tracer.Start(dctx, "orders.process")
		span.End()
	}
	return nil
}

// A span started before any delivery arrived is not the message's.
func beforeConsume(ctx context.Context, ch *amqp.Channel) error {
	ctx, span := tracer.Start(ctx, "consumer.setup")
	defer span.End()
	_, err := ch.Consume("orders", "", false, false, false, false, nil)
	return err
}

// Package amqpp: RabbitMQ sends with amqp091-go. A Publishing is passed by
// value and carries its headers in a Table (map[string]any); the ctx of
// PublishWithContext only cancels the publish.
package amqpp

import (
	"context"

	amqp "github.com/rabbitmq/amqp091-go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func publish(ctx context.Context, ch *amqp.Channel, body []byte) error {
	return ch.Publish("orders", "created", false, false, amqp.Publishing{ContentType: "application/json", Body: body}) // want `amqp091-go Channel.Publish sends a message without injected trace context: the consumer will start a new trace; inject ctx into the headers with otel.GetTextMapPropagator\(\).Inject before sending`
}

// The ctx given to PublishWithContext cancels the publish; it injects
// nothing.
func publishWithContext(ctx context.Context, ch *amqp.Channel, body []byte) error {
	pub := amqp.Publishing{Body: body}
	return ch.PublishWithContext(ctx, "orders", "created", false, false, pub) // want `amqp091-go Channel.PublishWithContext sends pub without injected trace context`
}

func deferredConfirm(ctx context.Context, ch *amqp.Channel, body []byte) error {
	pub := amqp.Publishing{Body: body, Headers: amqp.Table{"tenant": "a"}}
	if _, err := ch.PublishWithDeferredConfirm("orders", "created", false, false, pub); err != nil { // want `amqp091-go Channel.PublishWithDeferredConfirm sends pub without injected trace context`
		return err
	}
	other := amqp.Publishing{Body: body}
	_, err := ch.PublishWithDeferredConfirmWithContext(ctx, "orders", "created", false, false, other) // want `amqp091-go Channel.PublishWithDeferredConfirmWithContext sends other without injected trace context`
	return err
}

// Headers set one by one, none of them the trace context.
func headersByHand(ctx context.Context, ch *amqp.Channel, body []byte) error {
	pub := amqp.Publishing{Body: body}
	pub.Headers = amqp.Table{}
	pub.Headers["tenant"] = "a"
	return ch.PublishWithContext(ctx, "orders", "created", false, false, pub) // want `amqp091-go Channel.PublishWithContext sends pub without injected trace context`
}

// Negatives.

// tableCarrier is the carrier a program writes over AMQP's Table.
type tableCarrier amqp.Table

func (c tableCarrier) Get(key string) string {
	if v, ok := c[key].(string); ok {
		return v
	}
	return ""
}

func (c tableCarrier) Set(key, value string) { c[key] = value }

func (c tableCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}

func injectedThroughCarrier(ctx context.Context, ch *amqp.Channel, body []byte) error {
	pub := amqp.Publishing{Body: body, Headers: amqp.Table{}}
	otel.GetTextMapPropagator().Inject(ctx, tableCarrier(pub.Headers))
	return ch.PublishWithContext(ctx, "orders", "created", false, false, pub)
}

func copiedFromMapCarrier(ctx context.Context, ch *amqp.Channel, body []byte) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	headers := amqp.Table{}
	for k, v := range carrier {
		headers[k] = v
	}
	return ch.PublishWithContext(ctx, "orders", "created", false, false, amqp.Publishing{Body: body, Headers: headers})
}

func forwarded(ch *amqp.Channel, deliveries <-chan amqp.Delivery) {
	for d := range deliveries {
		ctx := otel.GetTextMapPropagator().Extract(context.Background(), tableCarrier(d.Headers))
		_ = ctx
		_ = ch.Publish("audit", d.RoutingKey, false, false, amqp.Publishing{Body: d.Body, Headers: d.Headers})
	}
}

// No context at hand.
func noContext(ch *amqp.Channel, body []byte) error {
	return ch.Publish("orders", "created", false, false, amqp.Publishing{Body: body})
}

// Only a cancellation: nothing to propagate.
func cancellationOnly(ch *amqp.Channel, body []byte) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	return ch.PublishWithContext(ctx, "orders", "created", false, false, amqp.Publishing{Body: body})
}

// A table made first, injected through a carrier over it, then given to
// the publishing: the carrier and the headers are one map.
func injectedTableFirst(ctx context.Context, ch *amqp.Channel, body []byte) error {
	headers := amqp.Table{}
	c := tableCarrier(headers)
	otel.GetTextMapPropagator().Inject(ctx, c)
	return ch.PublishWithContext(ctx, "orders", "created", false, false, amqp.Publishing{Body: body, Headers: headers})
}

// The carrier made first, converted into the literal.
func injectedCarrierConverted(ctx context.Context, ch *amqp.Channel, body []byte) error {
	c := tableCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, c)
	return ch.PublishWithContext(ctx, "orders", "created", false, false, amqp.Publishing{Body: body, Headers: amqp.Table(c)})
}

// The carrier's entries copied into the headers before the injection
// fills it.
func copiedBeforeInject(ctx context.Context, ch *amqp.Channel, body []byte) error {
	c := tableCarrier{}
	headers := amqp.Table{}
	for k, v := range c {
		headers[k] = v
	}
	otel.GetTextMapPropagator().Inject(ctx, c)
	return ch.PublishWithContext(ctx, "orders", "created", false, false, amqp.Publishing{Body: body, Headers: headers}) // want `amqp091-go Channel.PublishWithContext sends a message without injected trace context`
}

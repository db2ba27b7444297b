// Package nilmap: injections into a header map that is still nil. A
// carrier's Set writes into the map and panics once a span is valid.
package nilmap

import (
	"context"

	"github.com/nats-io/nats.go"
	amqp "github.com/rabbitmq/amqp091-go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func natsLiteral(ctx context.Context, nc *nats.Conn, data []byte) error {
	msg := &nats.Msg{Subject: "orders", Data: data}
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header)) // want `msg.Header is nil here: the carrier's Set writes into it and panics \(assignment to entry in nil map\) once a span is valid, so the send crashes when tracing is on; give msg a header map before injecting`
	return nc.PublishMsg(msg)
}

func natsExplicitNil(ctx context.Context, nc *nats.Conn, data []byte) error {
	msg := nats.Msg{Subject: "orders", Data: data, Header: nil}
	carrier := propagation.HeaderCarrier(msg.Header)
	otel.GetTextMapPropagator().Inject(ctx, carrier) // want `msg.Header is nil here`
	return nc.PublishMsg(&msg)
}

// tableCarrier is a carrier over AMQP's Table.
type tableCarrier amqp.Table

func (c tableCarrier) Get(key string) string {
	v, _ := c[key].(string)
	return v
}

func (c tableCarrier) Set(key, value string) { c[key] = value }

func (c tableCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}

func amqpLiteral(ctx context.Context, ch *amqp.Channel, body []byte) error {
	pub := amqp.Publishing{Body: body}
	otel.GetTextMapPropagator().Inject(ctx, tableCarrier(pub.Headers)) // want `pub.Headers is nil here`
	return ch.PublishWithContext(ctx, "orders", "created", false, false, pub)
}

// Negatives.

func allocated(ctx context.Context, nc *nats.Conn, data []byte) error {
	msg := &nats.Msg{Subject: "orders", Data: data, Header: nats.Header{}}
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header))
	return nc.PublishMsg(msg)
}

func allocatedLater(ctx context.Context, nc *nats.Conn, data []byte) error {
	msg := &nats.Msg{Subject: "orders", Data: data}
	msg.Header = make(nats.Header)
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header))
	return nc.PublishMsg(msg)
}

func constructed(ctx context.Context, nc *nats.Conn, data []byte) error {
	msg := nats.NewMsg("orders")
	msg.Data = data
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header))
	return nc.PublishMsg(msg)
}

func withHeaders(msg *nats.Msg) { msg.Header = nats.Header{} }

func handedOver(ctx context.Context, nc *nats.Conn, data []byte) error {
	msg := &nats.Msg{Subject: "orders", Data: data}
	withHeaders(msg)
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header))
	return nc.PublishMsg(msg)
}

func param(ctx context.Context, nc *nats.Conn, msg *nats.Msg) error {
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header))
	return nc.PublishMsg(msg)
}

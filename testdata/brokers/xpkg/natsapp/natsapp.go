// Package natsapp is the downstream end of the chain: sends through
// natsbus's wrapper are judged here, where the request's context is at
// hand.
package natsapp

import (
	"context"

	"example.com/brokers/xpkg/natsbus"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func placed(ctx context.Context, b *natsbus.Bus, data []byte) error {
	msg := natsbus.Event("orders.placed", data)
	return b.Send(msg) // want `b.Send sends msg \(with nats Conn.PublishMsg\) without injected trace context`
}

func injected(ctx context.Context, b *natsbus.Bus, data []byte) error {
	msg := natsbus.Event("orders.placed", data)
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header))
	return b.Send(msg)
}

// Notify publishes with nats Conn.Publish and takes no context: the
// request's trace ends at the call.
func notified(ctx context.Context, b *natsbus.Bus, data []byte) error {
	return b.Notify("orders.notified", data) // want `b.Notify sends with nats Conn.Publish, which cannot carry headers, and is given no context, so the trace context in ctx cannot cross it: the consumer will start a new trace; give b.Notify the context and have it send a message with headers, injected`
}

// The bus's own protocol message carries none of the caller's payload.
func acked(ctx context.Context, b *natsbus.Bus) error {
	return b.Ack(7)
}

// No context at hand: nothing is lost here.
func background(b *natsbus.Bus, data []byte) error {
	return b.Notify("orders.notified", data)
}

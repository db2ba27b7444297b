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

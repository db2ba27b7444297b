// Package notify posts webhook events (tracewire.json's "webhook" bus).
package notify

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"example.com/inhouse/bus2"
)

// --- positives ---

func Shipped(ctx context.Context, url, id string) error {
	e := &bus2.Event{Type: "order.shipped", Body: []byte(id)}
	return bus2.Post(ctx, url, e) // want `webhook bus2.Post sends e without injected trace context: the consumer will start a new trace; inject ctx into the headers with otel.GetTextMapPropagator\(\).Inject before sending`
}

// --- negatives ---

func Cancelled(ctx context.Context, url, id string) error {
	e := &bus2.Event{Type: "order.cancelled", Header: map[string][]string{}, Body: []byte(id)}
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(e.Header))
	return bus2.Post(ctx, url, e)
}

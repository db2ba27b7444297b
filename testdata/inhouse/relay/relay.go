// Package relay wraps the in-house bus for the services: its helpers // want package:"tracewire\\(trace\\)" package:"propagator\\(uses example.com/inhouse/bus.Inject\\)"
// are judged at their callers through facts, as helpers around the
// built-in clients are.
package relay

import (
	"context"

	"example.com/inhouse/bus"
)

// Relay publishes on behalf of the services.
type Relay struct {
	c *bus.Client
}

// Forward sends m as it is: its callers are judged.
func (r *Relay) Forward(ctx context.Context, m *bus.Message) error { // want Forward:"sends\\(1 via inhouse Client.Publish\\)"
	return r.c.Publish(ctx, m)
}

// ForwardTraced injects ctx's trace context, then sends: its callers need
// nothing more.
func (r *Relay) ForwardTraced(ctx context.Context, m *bus.Message) error { // want ForwardTraced:"injects\\(1\\)"
	bus.Inject(ctx, m)
	return r.c.Publish(ctx, m)
}

// NewOrder builds a message carrying ctx's trace context.
func NewOrder(ctx context.Context, id string) *bus.Message { // want NewOrder:"returns\\(injected\\)"
	m := &bus.Message{Topic: "orders", Key: id}
	bus.Inject(ctx, m)
	return m
}

// NewAudit builds a message without trace context.
func NewAudit(id string) *bus.Message { // want NewAudit:"returns\\(fresh\\)"
	return &bus.Message{Topic: "audit", Key: id}
}

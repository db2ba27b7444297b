// Package worker consumes from the in-house buses: consumerextract judges
// the spans started for their messages.
package worker

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel"

	"example.com/inhouse/bus"
	"example.com/inhouse/bus2"
)

var tracer = otel.Tracer("worker")

// --- positives ---

// A message from the bus's receive.
func Poll(ctx context.Context, c *bus.Client) error {
	m, err := c.Next(ctx, "orders")
	if err != nil {
		return err
	}
	_, span := tracer.Start(ctx, "fulfil") // want `span "fulfil" is started from ctx, not from the trace context in m's headers`
	defer span.End()
	fulfil(m)
	return nil
}

// A message handed to a subscription's callback.
func Subscribe(ctx context.Context, c *bus.Client) {
	c.Subscribe(ctx, "orders", func(_ context.Context, m *bus.Message) {
		_, span := tracer.Start(context.Background(), "fulfil") // want `span "fulfil" is started from context.Background\(\), not from the trace context in m's headers`
		defer span.End()
		fulfil(m)
	})
}

// The callback's context is the subscription's (this function's ctx),
// not the message's: the bus does not extract into it.
func SubscribeCtx(ctx context.Context, c *bus.Client) {
	c.Subscribe(ctx, "orders", func(ctx context.Context, m *bus.Message) {
		_, span := tracer.Start(ctx, "fulfil") // want `span "fulfil" is started from ctx, not from the trace context in m's headers`
		defer span.End()
		fulfil(m)
	})
}

// A method given as the callback: the same.
type handler struct{}

func (h handler) handle(ctx context.Context, m *bus.Message) {
	_, span := tracer.Start(ctx, "fulfil") // want `span "fulfil" is started from ctx, not from the trace context in m's headers`
	defer span.End()
	fulfil(m)
}

func SubscribeMethod(ctx context.Context, c *bus.Client) {
	c.Subscribe(ctx, "orders", handler{}.handle)
}

// A message delivered on the channel given to ChanSubscribe.
func Chan(ctx context.Context, c *bus.Client) {
	ch := make(chan *bus.Message)
	c.ChanSubscribe(ctx, "orders", ch)
	for m := range ch {
		_, span := tracer.Start(ctx, "fulfil") // want `span "fulfil" is started from ctx, not from the trace context in m's headers`
		fulfil(m)
		span.End()
	}
}

// A webhook event.
func Webhook(w http.ResponseWriter, r *http.Request) {
	e, err := bus2.Receive(r)
	if err != nil {
		return
	}
	_, span := tracer.Start(r.Context(), "hook") // want `span "hook" is started from r.Context\(\), not from the trace context in e's headers`
	defer span.End()
	_ = e.Body
}

// --- negatives ---

// The bus's own extractor.
func PollExtracted(ctx context.Context, c *bus.Client) error {
	m, err := c.Next(ctx, "orders")
	if err != nil {
		return err
	}
	_, span := tracer.Start(bus.Extract(ctx, m), "fulfil")
	defer span.End()
	fulfil(m)
	return nil
}

// A bus that extracts into the callback's context ("context_extracted").
func SubscribeTraced(ctx context.Context, c *bus.Client) {
	c.SubscribeTraced(ctx, "orders", func(ctx context.Context, m *bus.Message) {
		_, span := tracer.Start(ctx, "fulfil")
		defer span.End()
		fulfil(m)
	})
}

// A handler called by the program with the message's context: its
// callers are judged (handleWith's caller extracts).
func handleWith(ctx context.Context, m *bus.Message) {
	_, span := tracer.Start(ctx, "fulfil")
	defer span.End()
	fulfil(m)
}

func SubscribeExtracting(ctx context.Context, c *bus.Client) {
	c.Subscribe(ctx, "orders", func(ctx context.Context, m *bus.Message) {
		handleWith(bus.Extract(ctx, m), m)
	})
}

// A message this function builds and publishes is not being handled.
func Publish(ctx context.Context, c *bus.Client) error {
	_, span := tracer.Start(context.Background(), "publish")
	defer span.End()
	m := &bus.Message{Topic: "orders"}
	bus.Inject(ctx, m)
	return c.Publish(ctx, m)
}

func fulfil(*bus.Message) {}

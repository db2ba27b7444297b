// Package cdkc: Go CDK receives (gocloud.dev/pubsub Subscription.Receive).
// The Go CDK extracts nothing from Metadata; Receive's ctx is the caller's.
package cdkc

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"gocloud.dev/pubsub"
	_ "gocloud.dev/pubsub/mempubsub"
)

var tracer = otel.Tracer("cdkc")

func handle(ctx context.Context, body []byte) error { return nil }

// Positives.

func receive(ctx context.Context, sub *pubsub.Subscription) error {
	msg, err := sub.Receive(ctx)
	if err != nil {
		return err
	}
	mctx, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers: the message's trace is broken here; extract it with otel.GetTextMapPropagator\(\).Extract over msg.Metadata`
	defer span.End()
	if err := handle(mctx, msg.Body); err != nil {
		if msg.Nackable() {
			msg.Nack()
		}
		return err
	}
	msg.Ack()
	return nil
}

func receiveLoop(ctx context.Context) error {
	sub, err := pubsub.OpenSubscription(ctx, "mem://orders")
	if err != nil {
		return err
	}
	defer sub.Shutdown(ctx)
	for {
		msg, err := sub.Receive(ctx)
		if err != nil {
			return err
		}
		go func() {
			defer msg.Ack()
			_, span := tracer.Start(context.Background(), "orders.process") // want `span "orders.process" is started from context.Background\(\), not from the trace context in msg's headers`
			span.End()
		}()
	}
}

// Negatives.

func extracted(ctx context.Context, sub *pubsub.Subscription) error {
	msg, err := sub.Receive(ctx)
	if err != nil {
		return err
	}
	defer msg.Ack()
	mctx := otel.GetTextMapPropagator().Extract(ctx, propagation.MapCarrier(msg.Metadata))
	mctx, span := tracer.Start(mctx, "orders.process")
	defer span.End()
	return handle(mctx, msg.Body)
}

// The tutorial loop: each message handled in a goroutine from its own
// extracted context.
func extractedLoop(ctx context.Context, sub *pubsub.Subscription) error {
	for {
		msg, err := sub.Receive(ctx)
		if err != nil {
			return err
		}
		go func() {
			defer msg.Ack()
			mctx := otel.GetTextMapPropagator().Extract(context.Background(), propagation.MapCarrier(msg.Metadata))
			_, span := tracer.Start(mctx, "orders.process")
			defer span.End()
		}()
	}
}

// A span around the receive, started before the message arrived.
func receiveSpan(ctx context.Context, sub *pubsub.Subscription) (*pubsub.Message, error) {
	ctx, span := tracer.Start(ctx, "orders.receive")
	defer span.End()
	return sub.Receive(ctx)
}

// The Go CDK's own API starts spans of its own from the ctx it is given
// ("Subscription.Shutdown", "Topic.Send"): the client's instrumentation,
// not a span of the handling (found in gocloud.dev's pubsub tests).
func receiveThenShutdown(ctx context.Context, sub *pubsub.Subscription, topic *pubsub.Topic) error {
	msg, err := sub.Receive(ctx)
	if err != nil {
		return err
	}
	msg.Ack()
	if err := topic.Shutdown(ctx); err != nil {
		return err
	}
	return sub.Shutdown(ctx)
}

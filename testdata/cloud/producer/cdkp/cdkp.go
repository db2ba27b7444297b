// Package cdkp: Go CDK sends (gocloud.dev/pubsub Topic.Send). The Go CDK
// starts spans of its own ("Topic.Send") but writes nothing into Metadata:
// the trace context crosses only if the program injects it.
package cdkp

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"gocloud.dev/pubsub"
	_ "gocloud.dev/pubsub/mempubsub"
)

// Positives.

func send(ctx context.Context, topic *pubsub.Topic, body []byte) error {
	msg := &pubsub.Message{Body: body}
	return topic.Send(ctx, msg) // want `gocloud.dev/pubsub Topic.Send sends msg without injected trace context: the consumer will start a new trace`
}

func sendOpened(ctx context.Context, body []byte) error {
	topic, err := pubsub.OpenTopic(ctx, "mem://orders")
	if err != nil {
		return err
	}
	defer topic.Shutdown(ctx)
	return topic.Send(ctx, &pubsub.Message{ // want `gocloud.dev/pubsub Topic.Send sends a message without injected trace context`
		Body:     body,
		Metadata: map[string]string{"kind": "order"},
	})
}

type Notifier struct {
	topic *pubsub.Topic
}

func (n *Notifier) Notify(ctx context.Context, body []byte) error {
	msg := &pubsub.Message{Body: body, Metadata: map[string]string{}}
	msg.Metadata["kind"] = "notification"
	return n.topic.Send(ctx, msg) // want `gocloud.dev/pubsub Topic.Send sends msg without injected trace context`
}

// Negatives.

func injected(ctx context.Context, topic *pubsub.Topic, body []byte) error {
	msg := &pubsub.Message{Body: body, Metadata: map[string]string{}}
	otel.GetTextMapPropagator().Inject(ctx, propagation.MapCarrier(msg.Metadata))
	return topic.Send(ctx, msg)
}

func injectedCarrier(ctx context.Context, topic *pubsub.Topic, body []byte) error {
	md := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, md)
	return topic.Send(ctx, &pubsub.Message{Body: body, Metadata: md})
}

// BeforeSend only exposes the driver's message: the Metadata above is what
// travels, so a send with injected Metadata and a BeforeSend is fine.
func injectedWithBeforeSend(ctx context.Context, topic *pubsub.Topic, body []byte) error {
	md := map[string]string{}
	otel.GetTextMapPropagator().Inject(ctx, propagation.MapCarrier(md))
	return topic.Send(ctx, &pubsub.Message{
		Body:       body,
		Metadata:   md,
		BeforeSend: func(asFunc func(any) bool) error { return nil },
	})
}

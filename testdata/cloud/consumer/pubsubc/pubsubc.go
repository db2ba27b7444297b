// Package pubsubc: Google Cloud Pub/Sub callback receives
// (Subscriber.Receive in v2, Subscription.Receive in v1). With the client's
// OpenTelemetry tracing on (ClientConfig.EnableOpenTelemetryTracing), the
// callback's ctx carries the "process" span, a child of the span extracted
// from the message's "googclient_"-prefixed Attributes; with it off (the
// default), the callback's ctx is the one given to Receive.
package pubsubc

import (
	"context"

	pubsubv1 "cloud.google.com/go/pubsub"
	"cloud.google.com/go/pubsub/v2"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

var tracer = otel.Tracer("pubsubc")

func handle(ctx context.Context, data []byte) error { return nil }

// Positives: clients built without tracing.

func receive(ctx context.Context, project string) error {
	client, err := pubsub.NewClient(ctx, project)
	if err != nil {
		return err
	}
	defer client.Close()
	sub := client.Subscriber("orders-sub")
	return sub.Receive(ctx, func(ctx context.Context, msg *pubsub.Message) {
		ctx, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers: the message's trace is broken here; extract it with otel.GetTextMapPropagator\(\).Extract over msg.Attributes`
		defer span.End()
		if err := handle(ctx, msg.Data); err != nil {
			msg.Nack()
			return
		}
		msg.Ack()
	})
}

func receiveBackground(ctx context.Context, project string) error {
	client, err := pubsub.NewClientWithConfig(ctx, project, &pubsub.ClientConfig{})
	if err != nil {
		return err
	}
	return client.Subscriber("orders-sub").Receive(ctx, func(_ context.Context, m *pubsub.Message) {
		_, span := tracer.Start(context.Background(), "orders.process") // want `span "orders.process" is started from context.Background\(\), not from the trace context in m's headers`
		span.End()
		m.Ack()
	})
}

// A named handler given to Receive.
type Consumer struct{}

func (c *Consumer) Handle(ctx context.Context, msg *pubsub.Message) {
	_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers`
	span.End()
	msg.Ack()
}

func runConsumer(ctx context.Context, project string, c *Consumer) error {
	client, err := pubsub.NewClient(ctx, project)
	if err != nil {
		return err
	}
	return client.Subscriber("orders-sub").Receive(ctx, c.Handle)
}

func receiveV1(ctx context.Context, project string) error {
	client, err := pubsubv1.NewClient(ctx, project)
	if err != nil {
		return err
	}
	return client.Subscription("orders-sub").Receive(ctx, func(ctx context.Context, msg *pubsubv1.Message) {
		_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers`
		span.End()
		msg.Ack()
	})
}

// Tracing on, but the span started from a context of the program's own.
func tracedDetached(ctx context.Context, project string) error {
	client, err := pubsub.NewClientWithConfig(ctx, project, &pubsub.ClientConfig{EnableOpenTelemetryTracing: true})
	if err != nil {
		return err
	}
	return client.Subscriber("orders-sub").Receive(ctx, func(_ context.Context, msg *pubsub.Message) {
		_, span := tracer.Start(context.Background(), "orders.process") // want `span "orders.process" is started from context.Background\(\), not from the context the client calls the callback with, which the client's OpenTelemetry tracing started from msg's trace: the message's trace is broken here; start the span from that context`
		span.End()
		msg.Ack()
	})
}

// Tracing on, the span started from the subscription's ctx, which carries
// values the handler needs: the fix keeps them and takes the callback
// context's span.
func tracedOuter(ctx context.Context, project string) error {
	client, err := pubsub.NewClientWithConfig(ctx, project, &pubsub.ClientConfig{EnableOpenTelemetryTracing: true})
	if err != nil {
		return err
	}
	outer := ctx
	return client.Subscriber("orders-sub").Receive(ctx, func(cbCtx context.Context, msg *pubsub.Message) {
		_, span := tracer.Start(outer, "orders.process") // want `span "orders.process" is started from outer, not from the context the client calls the callback with`
		span.End()
		msg.Ack()
	})
}

// Negatives.

// The tutorial form: Attributes as a MapCarrier.
func extracted(ctx context.Context, project string) error {
	client, err := pubsub.NewClient(ctx, project)
	if err != nil {
		return err
	}
	return client.Subscriber("orders-sub").Receive(ctx, func(ctx context.Context, msg *pubsub.Message) {
		ctx = otel.GetTextMapPropagator().Extract(ctx, propagation.MapCarrier(msg.Attributes))
		ctx, span := tracer.Start(ctx, "orders.process")
		defer span.End()
		_ = handle(ctx, msg.Data)
		msg.Ack()
	})
}

func extractedV1(ctx context.Context, project string) error {
	client, err := pubsubv1.NewClient(ctx, project)
	if err != nil {
		return err
	}
	return client.Subscription("orders-sub").Receive(ctx, func(ctx context.Context, msg *pubsubv1.Message) {
		carrier := propagation.MapCarrier(msg.Attributes)
		_, span := tracer.Start(otel.GetTextMapPropagator().Extract(ctx, carrier), "orders.process")
		span.End()
		msg.Ack()
	})
}

// The client's own tracing on: the callback's ctx is the message's.
func traced(ctx context.Context, project string) error {
	client, err := pubsub.NewClientWithConfig(ctx, project, &pubsub.ClientConfig{EnableOpenTelemetryTracing: true})
	if err != nil {
		return err
	}
	return client.Subscriber("orders-sub").Receive(ctx, func(ctx context.Context, msg *pubsub.Message) {
		ctx, span := tracer.Start(ctx, "orders.process")
		defer span.End()
		_ = handle(ctx, msg.Data)
		msg.Ack()
	})
}

func tracedV1(ctx context.Context, project string) error {
	client, err := pubsubv1.NewClientWithConfig(ctx, project, &pubsubv1.ClientConfig{EnableOpenTelemetryTracing: true})
	if err != nil {
		return err
	}
	sub := client.Subscription("orders-sub")
	sub.ReceiveSettings.NumGoroutines = 4
	return sub.Receive(ctx, func(ctx context.Context, msg *pubsubv1.Message) {
		_, span := tracer.Start(ctx, "orders.process")
		span.End()
		msg.Ack()
	})
}

// A subscriber whose client is built elsewhere: not judged.
func viaParam(ctx context.Context, sub *pubsub.Subscriber) error {
	return sub.Receive(ctx, func(ctx context.Context, msg *pubsub.Message) {
		_, span := tracer.Start(ctx, "orders.process")
		span.End()
		msg.Ack()
	})
}

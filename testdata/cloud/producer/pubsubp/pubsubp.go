// Package pubsubp: Google Cloud Pub/Sub sends, v2 (Publisher.Publish) and
// v1 (Topic.Publish), with the client's own OpenTelemetry tracing off (the
// default in both: ClientConfig.EnableOpenTelemetryTracing) and on. With it
// on, Publish starts a "create" span from its ctx and injects it into
// Attributes under "googclient_traceparent"; a send is then judged by its
// context, like a send of a franz-go client with kotel's hooks.
package pubsubp

import (
	"context"

	pubsubv1 "cloud.google.com/go/pubsub"
	"cloud.google.com/go/pubsub/v2"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// Positives: clients built without tracing.

func publish(ctx context.Context, project string, data []byte) error {
	client, err := pubsub.NewClient(ctx, project)
	if err != nil {
		return err
	}
	defer client.Close()
	publisher := client.Publisher("orders")
	defer publisher.Stop()
	msg := &pubsub.Message{Data: data}
	_, err = publisher.Publish(ctx, msg).Get(ctx) // want `pubsub Publisher.Publish sends msg without injected trace context \(the client is built without ClientConfig.EnableOpenTelemetryTracing, which makes Publish inject a span of its own, read only by consumers whose client has it on too\): the consumer will start a new trace; inject ctx into the headers with otel.GetTextMapPropagator\(\).Inject before sending`
	return err
}

func publishLiteral(ctx context.Context, project string, data []byte, region string) (string, error) {
	client, err := pubsub.NewClientWithConfig(ctx, project, &pubsub.ClientConfig{})
	if err != nil {
		return "", err
	}
	res := client.Publisher("orders").Publish(ctx, &pubsub.Message{ // want `pubsub Publisher.Publish sends a message without injected trace context`
		Data:       data,
		Attributes: map[string]string{"region": region},
	})
	return res.Get(ctx)
}

// Tracing switched off explicitly.
func publishTracingOff(ctx context.Context, project string, data []byte) error {
	client, err := pubsub.NewClientWithConfig(ctx, project, &pubsub.ClientConfig{EnableOpenTelemetryTracing: false})
	if err != nil {
		return err
	}
	msg := &pubsub.Message{Data: data}
	_, err = client.Publisher("orders").Publish(ctx, msg).Get(ctx) // want `pubsub Publisher.Publish sends msg without injected trace context`
	return err
}

// A service holding its publisher, built in its constructor.
type Orders struct {
	publisher *pubsub.Publisher
}

func NewOrders(ctx context.Context, project string) (*Orders, error) {
	client, err := pubsub.NewClient(ctx, project)
	if err != nil {
		return nil, err
	}
	return &Orders{publisher: client.Publisher("orders")}, nil
}

func (o *Orders) Place(ctx context.Context, data []byte) *pubsub.PublishResult {
	msg := &pubsub.Message{Data: data, OrderingKey: "k"}
	return o.publisher.Publish(ctx, msg) // want `pubsub Publisher.Publish sends msg without injected trace context`
}

// v1: Topic.Publish, same Message type, same default.
func publishV1(ctx context.Context, project string, data []byte) error {
	client, err := pubsubv1.NewClient(ctx, project)
	if err != nil {
		return err
	}
	topic := client.Topic("orders")
	defer topic.Stop()
	msg := &pubsubv1.Message{Data: data}
	_, err = topic.Publish(ctx, msg).Get(ctx) // want `pubsub Topic.Publish sends msg without injected trace context \(the client is built without ClientConfig.EnableOpenTelemetryTracing, which makes Publish inject a span of its own`
	return err
}

// Tracing on, given an empty context: the client's "create" span is a new
// root, and that is what it injects.
func tracedDetached(ctx context.Context, project string, data []byte) error {
	client, err := pubsub.NewClientWithConfig(ctx, project, &pubsub.ClientConfig{EnableOpenTelemetryTracing: true})
	if err != nil {
		return err
	}
	msg := &pubsub.Message{Data: data}
	_, err = client.Publisher("orders").Publish(context.Background(), msg).Get(ctx) // want `pubsub Publisher.Publish is given context.Background\(\), so the client's OpenTelemetry tracing injects an empty trace context: the consumer will start a new trace; pass ctx`
	return err
}

// Negatives.

// The tutorial form: Attributes are a map[string]string, a MapCarrier.
func injected(ctx context.Context, project string, data []byte) error {
	client, err := pubsub.NewClient(ctx, project)
	if err != nil {
		return err
	}
	msg := &pubsub.Message{Data: data, Attributes: map[string]string{}}
	otel.GetTextMapPropagator().Inject(ctx, propagation.MapCarrier(msg.Attributes))
	_, err = client.Publisher("orders").Publish(ctx, msg).Get(ctx)
	return err
}

func injectedCarrierFirst(ctx context.Context, project string, data []byte) error {
	client, err := pubsubv1.NewClient(ctx, project)
	if err != nil {
		return err
	}
	attrs := propagation.MapCarrier{"source": "checkout"}
	otel.GetTextMapPropagator().Inject(ctx, attrs)
	_, err = client.Topic("orders").Publish(ctx, &pubsubv1.Message{Data: data, Attributes: attrs}).Get(ctx)
	return err
}

// The client's own tracing on: Publish injects its ctx.
func traced(ctx context.Context, project string, data []byte) error {
	client, err := pubsub.NewClientWithConfig(ctx, project, &pubsub.ClientConfig{EnableOpenTelemetryTracing: true})
	if err != nil {
		return err
	}
	_, err = client.Publisher("orders").Publish(ctx, &pubsub.Message{Data: data}).Get(ctx)
	return err
}

func tracedV1(ctx context.Context, project string, data []byte) error {
	cfg := &pubsubv1.ClientConfig{EnableOpenTelemetryTracing: true}
	client, err := pubsubv1.NewClientWithConfig(ctx, project, cfg)
	if err != nil {
		return err
	}
	msg := &pubsubv1.Message{Data: data}
	_, err = client.Topic("orders").Publish(ctx, msg).Get(ctx)
	return err
}

type TracedOrders struct {
	publisher *pubsub.Publisher
}

func NewTracedOrders(ctx context.Context, project string) (*TracedOrders, error) {
	client, err := pubsub.NewClientWithConfig(ctx, project, &pubsub.ClientConfig{EnableOpenTelemetryTracing: true})
	if err != nil {
		return nil, err
	}
	return &TracedOrders{publisher: client.Publisher("orders")}, nil
}

func (o *TracedOrders) Place(ctx context.Context, data []byte) *pubsub.PublishResult {
	return o.publisher.Publish(ctx, &pubsub.Message{Data: data})
}

// A publisher whose client is built elsewhere: its construction cannot be
// seen, so it is not judged (as a franz-go client given as a parameter).
func viaParam(ctx context.Context, publisher *pubsub.Publisher, data []byte) *pubsub.PublishResult {
	return publisher.Publish(ctx, &pubsub.Message{Data: data})
}

// A config built by the caller: tracing may be on.
func configFromCaller(ctx context.Context, project string, cfg *pubsub.ClientConfig, data []byte) error {
	client, err := pubsub.NewClientWithConfig(ctx, project, cfg)
	if err != nil {
		return err
	}
	_, err = client.Publisher("orders").Publish(ctx, &pubsub.Message{Data: data}).Get(ctx)
	return err
}

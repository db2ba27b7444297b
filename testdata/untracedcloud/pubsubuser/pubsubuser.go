// Package pubsubuser publishes through Google Cloud Pub/Sub v1, whose
// client package imports OpenTelemetry for its own tracing (and carries
// tracewire facts: its constructors return hooked clients). Neither this
// package nor its module traces: the client's own OpenTelemetry use gives
// the package no trace context to propagate, so default mode is silent
// (found on dapr's GCP Pub/Sub binding, issue 19).
package pubsubuser

import (
	"context"

	"cloud.google.com/go/pubsub"
)

type Binding struct {
	client *pubsub.Client
}

func NewBinding(ctx context.Context, project string) (*Binding, error) {
	client, err := pubsub.NewClient(ctx, project)
	if err != nil {
		return nil, err
	}
	return &Binding{client: client}, nil
}

func (b *Binding) Invoke(ctx context.Context, topic string, data []byte) error {
	_, err := b.client.Topic(topic).Publish(ctx, &pubsub.Message{Data: data}).Get(ctx)
	return err
}

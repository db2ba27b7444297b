// Package bus is a tiny in-house message bus over Kafka: services publish
// and subscribe through it and never see the Kafka client underneath (a
// Transport, a Kafka producer and consumer in production). Its messages
// carry their headers in a map[string]string; tracewire.json declares it
// to tracewire as the bus "inhouse".
package bus

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// Message is a message of the bus.
type Message struct {
	Topic   string
	Key     string
	Value   []byte
	Headers map[string]string
}

// Transport moves records to and from Kafka.
type Transport interface {
	Write(ctx context.Context, topic, key string, value []byte, headers map[string]string) error
	Read(ctx context.Context, topic string) (key string, value []byte, headers map[string]string, err error)
}

// Client publishes and consumes messages.
type Client struct {
	t Transport
}

// New returns a client over t.
func New(t Transport) *Client { return &Client{t: t} }

// Publish sends m. Its context only bounds the write: the bus propagates
// nothing by itself.
func (c *Client) Publish(ctx context.Context, m *Message) error {
	return c.t.Write(ctx, m.Topic, m.Key, m.Value, m.Headers)
}

// PublishBatch sends every message of ms.
func (c *Client) PublishBatch(ctx context.Context, ms []*Message) error {
	for _, m := range ms {
		if err := c.t.Write(ctx, m.Topic, m.Key, m.Value, m.Headers); err != nil {
			return err
		}
	}
	return nil
}

// Next returns the next message of topic.
func (c *Client) Next(ctx context.Context, topic string) (*Message, error) {
	key, value, headers, err := c.t.Read(ctx, topic)
	if err != nil {
		return nil, err
	}
	return &Message{Topic: topic, Key: key, Value: value, Headers: headers}, nil
}

// Subscribe calls handle with every message of topic, until ctx is done.
func (c *Client) Subscribe(ctx context.Context, topic string, handle func(ctx context.Context, m *Message)) {
	for ctx.Err() == nil {
		if m, err := c.Next(ctx, topic); err == nil {
			handle(ctx, m)
		}
	}
}

// ChanSubscribe delivers the messages of topic on ch, until ctx is done.
func (c *Client) ChanSubscribe(ctx context.Context, topic string, ch chan<- *Message) {
	go func() {
		for ctx.Err() == nil {
			if m, err := c.Next(ctx, topic); err == nil {
				ch <- m
			}
		}
	}()
}

// TracedClient is a client that injects the trace context of the context
// it is given into every message it publishes.
type TracedClient struct {
	c *Client
}

// NewTraced returns a traced client over t.
func NewTraced(t Transport) *TracedClient { return &TracedClient{c: New(t)} }

// Publish injects ctx's trace context into m, then sends it.
func (tc *TracedClient) Publish(ctx context.Context, m *Message) error {
	Inject(ctx, m)
	return tc.c.t.Write(ctx, m.Topic, m.Key, m.Value, m.Headers)
}

// Inject writes ctx's trace context into m's headers.
func Inject(ctx context.Context, m *Message) {
	if m.Headers == nil {
		m.Headers = map[string]string{}
	}
	otel.GetTextMapPropagator().Inject(ctx, propagation.MapCarrier(m.Headers))
}

// Extract returns ctx with the trace context of m's headers.
func Extract(ctx context.Context, m *Message) context.Context {
	return otel.GetTextMapPropagator().Extract(ctx, propagation.MapCarrier(m.Headers))
}

// SubscribeTraced calls handle with every message of topic, with the
// message's trace context extracted into the context handle gets.
// tracewire.json declares it with "context_extracted": true.
func (c *Client) SubscribeTraced(ctx context.Context, topic string, handle func(ctx context.Context, m *Message)) {
	c.Subscribe(ctx, topic, func(ctx context.Context, m *Message) {
		handle(Extract(ctx, m), m)
	})
}

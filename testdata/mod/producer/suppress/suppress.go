// Package suppress holds producerinject cases for what may inject: only a
// call that can write into the message's headers (it is given the message,
// its headers or a carrier, or returns one of those) excuses a send, and a
// carrier counts only once it reaches the headers.
package suppress

import (
	"context"
	"fmt"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

type Event struct{ ID, Tenant string }

type Codec interface {
	Encode(ctx context.Context, e Event) ([]byte, error)
}

type Store interface {
	List(ctx context.Context) ([]Event, error)
}

type HeaderSource interface {
	HeadersFor(ctx context.Context) []sarama.RecordHeader
}

type Publisher struct {
	sp      sarama.SyncProducer
	codec   Codec
	store   Store
	headers HeaderSource
}

// tenantFrom reads the tenant from ctx: a string, used as a header value.
func tenantFrom(ctx context.Context) string {
	if t, ok := ctx.Value(tenantKey{}).(string); ok {
		return t
	}
	return ""
}

type tenantKey struct{}

// enrich adds a header; its facts say it injects nothing.
func enrich(ctx context.Context, msg *sarama.ProducerMessage) {
	msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: []byte("tenant"), Value: []byte(tenantFrom(ctx))})
}

// traceparentHeader writes the W3C header by hand from a span context.
func traceparentHeader(sc trace.SpanContext) sarama.RecordHeader {
	v := fmt.Sprintf("00-%s-%s-%s", sc.TraceID(), sc.SpanID(), sc.TraceFlags())
	return sarama.RecordHeader{Key: []byte("traceparent"), Value: []byte(v)}
}

// --- positives ---

// The encoder is given ctx but returns only the payload.
func (p *Publisher) Encoded(ctx context.Context, e Event) error {
	payload, err := p.codec.Encode(ctx, e)
	if err != nil {
		return err
	}
	msg := &sarama.ProducerMessage{Topic: "events", Value: sarama.ByteEncoder(payload)}
	_, _, err = p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
	return err
}

// A string read from ctx is a header's value, not trace context.
func (p *Publisher) Tenant(ctx context.Context, e Event) error {
	msg := &sarama.ProducerMessage{Topic: "events", Headers: []sarama.RecordHeader{{Key: []byte("tenant"), Value: []byte(tenantFrom(ctx))}}}
	_, _, err := p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
	return err
}

// Messages built from the results of a store query.
func (p *Publisher) Replay(ctx context.Context) error {
	events, err := p.store.List(ctx)
	if err != nil {
		return err
	}
	for _, e := range events {
		msg := &sarama.ProducerMessage{Topic: "events", Key: sarama.StringEncoder(e.ID)}
		if _, _, err := p.sp.SendMessage(msg); err != nil { // want `SendMessage sends msg without injected trace context`
			return err
		}
	}
	return nil
}

// A helper given ctx and the message whose facts say it does not inject.
func (p *Publisher) Enriched(ctx context.Context, e Event) error {
	msg := &sarama.ProducerMessage{Topic: "events"}
	enrich(ctx, msg)
	_, _, err := p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
	return err
}

// The injected carrier ends up in Metadata, which is never sent.
func (p *Publisher) Metadata(ctx context.Context, e Event) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	msg := &sarama.ProducerMessage{Topic: "events", Metadata: carrier}
	_, _, err := p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
	return err
}

// --- negatives ---

// A W3C header built by a helper from the span context.
func (p *Publisher) HandWrittenHelper(ctx context.Context, e Event) error {
	msg := &sarama.ProducerMessage{Topic: "events"}
	msg.Headers = append(msg.Headers, traceparentHeader(trace.SpanContextFromContext(ctx)))
	_, _, err := p.sp.SendMessage(msg)
	return err
}

// The same, inline.
func (p *Publisher) HandWrittenInline(ctx context.Context, e Event) error {
	sc := trace.SpanContextFromContext(ctx)
	msg := &sarama.ProducerMessage{Topic: "events"}
	msg.Headers = append(msg.Headers, sarama.RecordHeader{
		Key:   []byte("traceparent"),
		Value: []byte(fmt.Sprintf("00-%s-%s-%s", sc.TraceID(), sc.SpanID(), sc.TraceFlags())),
	})
	_, _, err := p.sp.SendMessage(msg)
	return err
}

// Headers from code we cannot see, given ctx: it may inject.
func (p *Publisher) OpaqueHeaders(ctx context.Context, e Event) error {
	msg := &sarama.ProducerMessage{Topic: "events", Headers: p.headers.HeadersFor(ctx)}
	_, _, err := p.sp.SendMessage(msg)
	return err
}

// The injected carrier copied into the headers.
func (p *Publisher) Copied(ctx context.Context, e Event) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	msg := &sarama.ProducerMessage{Topic: "events", Metadata: e.ID}
	for k, v := range carrier {
		msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: []byte(k), Value: []byte(v)})
	}
	_, _, err := p.sp.SendMessage(msg)
	return err
}

// Headers copied from a received message carry its trace context on.
func (p *Publisher) Forward(ctx context.Context, in *sarama.ConsumerMessage) error {
	msg := &sarama.ProducerMessage{Topic: "dlq", Value: sarama.ByteEncoder(in.Value)}
	for _, h := range in.Headers {
		msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: h.Key, Value: h.Value})
	}
	_, _, err := p.sp.SendMessage(msg)
	return err
}

// Only the payload of a received message is forwarded: its trace stops.
func (p *Publisher) ForwardValue(ctx context.Context, in *sarama.ConsumerMessage) error {
	msg := &sarama.ProducerMessage{Topic: "dlq", Value: sarama.ByteEncoder(in.Value)}
	_, _, err := p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
	return err
}

// newEvent builds a message from ctx without injecting: its facts say so.
func newEvent(ctx context.Context, e Event) *sarama.ProducerMessage {
	return &sarama.ProducerMessage{Topic: "events", Key: sarama.StringEncoder(tenantFrom(ctx)), Value: sarama.StringEncoder(e.ID)}
}

// A constructor given ctx whose facts say its message has no trace context.
func (p *Publisher) Constructed(ctx context.Context, e Event) error {
	msg := newEvent(ctx, e)
	_, _, err := p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
	return err
}

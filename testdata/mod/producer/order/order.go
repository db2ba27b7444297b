// Package order holds producerinject cases judged on the control-flow
// graph: an injection counts when it may run before the send, on a path
// that neither builds a new message nor resets the headers.
package order

import (
	"context"

	"github.com/IBM/sarama"
	"github.com/dnwe/otelsarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

type Publisher struct {
	sp      sarama.SyncProducer
	tracing bool
}

func copyInto(msg *sarama.ProducerMessage, c propagation.MapCarrier) {}

// --- positives ---

// The injection runs only after the send.
func (p *Publisher) InjectAfterSend(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
}

// The headers are reset between the injection and the send.
func (p *Publisher) ResetAfterInject(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
	msg.Headers = nil
	p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
}

// The headers are replaced by a new literal after the copy.
func (p *Publisher) OverwrittenAfterCopy(ctx context.Context, id string) {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	msg := &sarama.ProducerMessage{Topic: "orders"}
	for k, v := range carrier {
		msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: []byte(k), Value: []byte(v)})
	}
	msg.Headers = []sarama.RecordHeader{{Key: []byte("id"), Value: []byte(id)}}
	p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
}

// The carrier is copied into the headers before Inject fills it.
func (p *Publisher) CopiedBeforeInject(ctx context.Context) {
	carrier := propagation.MapCarrier{}
	msg := &sarama.ProducerMessage{Topic: "orders"}
	for k, v := range carrier {
		msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: []byte(k), Value: []byte(v)})
	}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
}

// The variable is given a new message after the injection.
func (p *Publisher) NewMessageAfterInject(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
	msg = &sarama.ProducerMessage{Topic: "audit"}
	p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
}

// In a loop, the injection after the send reaches only the next
// iteration's send of another message.
func (p *Publisher) LoopInjectAfter(ctx context.Context, ids []string) {
	for _, id := range ids {
		msg := &sarama.ProducerMessage{Topic: "orders", Key: sarama.StringEncoder(id)}
		p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
		otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
	}
}

// --- negatives ---

// Injected on one path: may-semantics.
func (p *Publisher) OnePath(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	if p.tracing {
		otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
	}
	p.sp.SendMessage(msg)
}

// Headers appended after the injection keep it.
func (p *Publisher) AppendAfterInject(ctx context.Context, id string) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
	msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: []byte("id"), Value: []byte(id)})
	p.sp.SendMessage(msg)
}

// Reset first, then injected.
func (p *Publisher) ResetThenInject(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders", Headers: []sarama.RecordHeader{{Key: []byte("x")}}}
	msg.Headers = nil
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
	p.sp.SendMessage(msg)
}

// Each iteration injects before it sends.
func (p *Publisher) LoopInjectBefore(ctx context.Context, ids []string) {
	for _, id := range ids {
		msg := &sarama.ProducerMessage{Topic: "orders", Key: sarama.StringEncoder(id)}
		otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
		p.sp.SendMessage(msg)
	}
}

// Injected in one branch, sent in both.
func (p *Publisher) Branches(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	if p.tracing {
		carrier := propagation.MapCarrier{}
		otel.GetTextMapPropagator().Inject(ctx, carrier)
		for k, v := range carrier {
			msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: []byte(k), Value: []byte(v)})
		}
	}
	p.sp.SendMessage(msg)
}

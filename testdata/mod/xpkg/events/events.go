// Package events is the middle of the cross-package chain. // want package:"tracewire\\(trace\\)" package:"propagator\\(uses example.com/tw/xpkg/tracing.InjectKafka\\)"
//
// Message constructors and a publisher built on the tracing helpers.
package events

import (
	"context"

	"github.com/IBM/sarama"

	"example.com/tw/xpkg/tracing"
)

// NewOrderPlaced builds an injected message.
func NewOrderPlaced(ctx context.Context, id string) *sarama.ProducerMessage { // want NewOrderPlaced:"returns\\(injected\\)"
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.StringEncoder(id)}
	tracing.InjectKafka(ctx, msg)
	return msg
}

// NewOrderCancelled builds a message without trace context.
func NewOrderCancelled(id string) *sarama.ProducerMessage { // want NewOrderCancelled:"returns\\(fresh\\)"
	return &sarama.ProducerMessage{Topic: "cancellations", Value: sarama.StringEncoder(id)}
}

// Publisher sends messages.
type Publisher struct{ sp sarama.SyncProducer }

// Publish sends msg as it is: its callers are judged.
func (p *Publisher) Publish(msg *sarama.ProducerMessage) error { // want Publish:"sends\\(0 via sarama SyncProducer.SendMessage\\)"
	_, _, err := p.sp.SendMessage(msg)
	return err
}

// PublishTraced injects, then sends: its callers need nothing more.
func (p *Publisher) PublishTraced(ctx context.Context, msg *sarama.ProducerMessage) error { // want PublishTraced:"injects\\(1\\)"
	tracing.InjectKafka(ctx, msg)
	return p.Publish(msg)
}

// PublishBatch sends a slice of messages as they are.
func (p *Publisher) PublishBatch(msgs []*sarama.ProducerMessage) error { // want PublishBatch:"sends\\(0 via sarama SyncProducer.SendMessages\\)"
	return p.sp.SendMessages(msgs)
}

// SendAll injects the slice through a helper, then sends it, as
// BatchInjected in the service does inline: its callers need nothing more.
func (p *Publisher) SendAll(ctx context.Context, msgs []*sarama.ProducerMessage) error { // want SendAll:"injects\\(1\\)"
	tracing.InjectAll(ctx, msgs)
	return p.sp.SendMessages(msgs)
}

// SendAllLate sends the slice, then injects it: its callers are judged.
func (p *Publisher) SendAllLate(ctx context.Context, msgs []*sarama.ProducerMessage) error { // want SendAllLate:"injects\\(1\\) sends\\(1 via sarama SyncProducer.SendMessages\\)"
	err := p.sp.SendMessages(msgs)
	tracing.InjectAll(ctx, msgs)
	return err
}

// Forward is generic; it sends msg as it is.
func Forward[T any](v T, sp sarama.SyncProducer, msg *sarama.ProducerMessage) T { // want Forward:"sends\\(2 via sarama SyncProducer.SendMessage\\)"
	sp.SendMessage(msg)
	return v
}

// Handle starts its span from its context parameter: callers are judged.
func Handle(ctx context.Context, msg *sarama.ConsumerMessage) { // want Handle:"spans\\(0\\)"
	_, span := tracing.Traced(ctx, "handle "+msg.Topic)
	span.End()
}

// HandleExtracting extracts itself: callers need nothing more.
func HandleExtracting(ctx context.Context, msg *sarama.ConsumerMessage) {
	ctx = tracing.FromKafka(ctx, msg)
	_, span := tracing.Traced(ctx, "handle")
	span.End()
}

// Package batch holds producerinject cases for slices of messages built in
// loops and sent at once: each gets a fix that injects into every message
// before the send.
package batch

import (
	"context"

	"github.com/IBM/sarama"
	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("batch")

type Publisher struct {
	sp sarama.SyncProducer
	w  *kafka.Writer
}

func (p *Publisher) Make(ctx context.Context, ids []string) error {
	msgs := make([]*sarama.ProducerMessage, 0, len(ids))
	for _, id := range ids {
		msgs = append(msgs, &sarama.ProducerMessage{Topic: "orders", Value: sarama.StringEncoder(id)})
	}
	return p.sp.SendMessages(msgs) // want `SendMessages sends messages of msgs without injected trace context`
}

func (p *Publisher) Index(ctx context.Context, ids []string) error {
	msgs := make([]*sarama.ProducerMessage, len(ids))
	for i, id := range ids {
		msgs[i] = &sarama.ProducerMessage{Topic: "orders", Value: sarama.StringEncoder(id)}
	}
	return p.sp.SendMessages(msgs) // want `SendMessages sends messages of msgs without injected trace context`
}

func (p *Publisher) ElementVariable(ctx context.Context, ids []string) error {
	var msgs []*sarama.ProducerMessage
	for i := 0; i < len(ids); i++ {
		msg := new(sarama.ProducerMessage)
		msg.Topic = "orders"
		msgs = append(msgs, msg)
	}
	if err := p.sp.SendMessages(msgs); err != nil { // want `SendMessages sends messages of msgs without injected trace context`
		return err
	}
	return nil
}

func (p *Publisher) ByValue(ctx context.Context, ids []string) error {
	msgs := make([]kafka.Message, 0, len(ids))
	for _, id := range ids {
		m := kafka.Message{Value: []byte(id)}
		msgs = append(msgs, m)
	}
	return p.w.WriteMessages(ctx, msgs...) // want `WriteMessages sends messages of msgs without injected trace context`
}

// Package ddv1p holds producerinject cases for dd-trace-go v1
// (gopkg.in/DataDog/dd-trace-go.v1, whose wrapper types alias v2's).
package ddv1p

import (
	"context"

	"github.com/IBM/sarama"
	saramatrace "gopkg.in/DataDog/dd-trace-go.v1/contrib/IBM/sarama.v1"
	ddkafka "gopkg.in/DataDog/dd-trace-go.v1/contrib/confluentinc/confluent-kafka-go/kafka.v2"
	"gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func Injected(ctx context.Context, p sarama.SyncProducer, body []byte) error {
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.ByteEncoder(body)}
	if span, ok := tracer.SpanFromContext(ctx); ok {
		_ = tracer.Inject(span.Context(), saramatrace.NewProducerMessageCarrier(msg))
	}
	_, _, err := p.SendMessage(msg)
	return err
}

func Missing(ctx context.Context, p sarama.SyncProducer, body []byte) error {
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.ByteEncoder(body)}
	_, _, err := p.SendMessage(msg) // want `sarama SyncProducer.SendMessage sends msg without injected trace context: .*DataDog's tracer.Inject`
	return err
}

// The v1 wrapper type is an alias of v2's: the same send.
func Confluent(ctx context.Context, p *ddkafka.Producer, body []byte) error {
	topic := "orders"
	m := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: body}
	return p.Produce(m, nil) // want `dd-trace-go kafka Producer.Produce sends m without injected trace context`
}

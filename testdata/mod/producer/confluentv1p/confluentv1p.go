// Package confluentv1p holds producerinject cases for confluent-kafka-go v1.
package confluentv1p

import (
	"context"

	"github.com/confluentinc/confluent-kafka-go/kafka"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func Produce(ctx context.Context, p *kafka.Producer, topic string) error {
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}}
	return p.Produce(msg, nil) // want `confluent-kafka-go Producer.Produce sends msg without`
}

func Channel(ctx context.Context, p *kafka.Producer, topic string) {
	ch := p.ProduceChannel()
	ch <- &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}} // want `a message is sent on confluent-kafka-go Producer.ProduceChannel\(\) without`
}

func Injected(ctx context.Context, p *kafka.Producer, topic string) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}}
	for k, v := range carrier {
		msg.Headers = append(msg.Headers, kafka.Header{Key: k, Value: []byte(v)})
	}
	return p.Produce(msg, nil)
}

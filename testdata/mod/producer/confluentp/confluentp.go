// Package confluentp holds producerinject cases for confluent-kafka-go v2.
package confluentp

import (
	"context"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.opentelemetry.io/otel"
)

// headerCarrier is a carrier over a confluent message's headers.
type headerCarrier struct{ msg *kafka.Message }

func (c headerCarrier) Get(key string) string {
	for _, h := range c.msg.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

func (c headerCarrier) Set(key, value string) {
	c.msg.Headers = append(c.msg.Headers, kafka.Header{Key: key, Value: []byte(value)})
}

func (c headerCarrier) Keys() []string {
	var keys []string
	for _, h := range c.msg.Headers {
		keys = append(keys, h.Key)
	}
	return keys
}

type Service struct {
	p     *kafka.Producer
	topic string
}

func (s *Service) Produce(ctx context.Context, value []byte) error {
	return s.p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &s.topic, Partition: kafka.PartitionAny}, Value: value}, nil) // want `confluent-kafka-go Producer.Produce sends a message without injected trace context`
}

func (s *Service) ProduceMultiline(ctx context.Context, value []byte) error {
	err := s.p.Produce(&kafka.Message{ // want `Producer.Produce sends a message without`
		TopicPartition: kafka.TopicPartition{Topic: &s.topic, Partition: kafka.PartitionAny},
		Value:          value,
	}, nil)
	return err
}

func (s *Service) Channel(ctx context.Context, value []byte) {
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &s.topic}, Value: value}
	s.p.ProduceChannel() <- msg // want `msg is sent on confluent-kafka-go Producer.ProduceChannel\(\) without`
}

func (s *Service) WithDelivery(ctx context.Context, value []byte) error {
	delivery := make(chan kafka.Event, 1)
	msg := kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &s.topic}, Value: value}
	if err := s.p.Produce(&msg, delivery); err != nil { // want `Producer.Produce sends msg without`
		return err
	}
	e := <-delivery
	return e.(*kafka.Message).TopicPartition.Error
}

// --- negatives ---

func (s *Service) Injected(ctx context.Context, value []byte) error {
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &s.topic}, Value: value}
	otel.GetTextMapPropagator().Inject(ctx, headerCarrier{msg})
	return s.p.Produce(msg, nil)
}

func (s *Service) ByHand(ctx context.Context, tp string) {
	s.p.ProduceChannel() <- &kafka.Message{Headers: []kafka.Header{{Key: "traceparent", Value: []byte(tp)}}}
}

// The delivery report read back is not a send.
func (s *Service) Events(ctx context.Context) {
	for e := range s.p.Events() {
		if m, ok := e.(*kafka.Message); ok {
			_ = m
		}
	}
}

// No context at hand.
func (s *Service) Flush() {
	s.p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &s.topic}}, nil)
}

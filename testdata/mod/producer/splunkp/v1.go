package splunkp

import (
	"context"

	kafkav1 "github.com/confluentinc/confluent-kafka-go/kafka"
	splunkv1 "github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/kafka/splunkkafka"
)

// The wrapper of confluent-kafka-go v1 has the same API.
func ProduceV1(ctx context.Context, p *splunkv1.Producer, value []byte) error {
	msg := &kafkav1.Message{TopicPartition: kafkav1.TopicPartition{Topic: &topic}, Value: value}
	return p.Produce(msg, nil) // want `splunkkafka Producer.Produce sends msg without injected trace context`
}

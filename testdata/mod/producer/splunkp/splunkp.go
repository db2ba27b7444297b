// Package splunkp holds producerinject cases for splunk-otel-go's
// confluent-kafka-go wrapper, whose producer parents its span on the trace
// context in the message headers: the caller still injects.
package splunkp

import (
	"context"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/v2/kafka/splunkkafka"
	"go.opentelemetry.io/otel"
)

var topic = "orders"

func Produce(ctx context.Context, p *splunkkafka.Producer, value []byte) error {
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: value}
	return p.Produce(msg, nil) // want `splunkkafka Producer.Produce sends msg without injected trace context`
}

func Channel(ctx context.Context, p *splunkkafka.Producer, value []byte) {
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: value}
	p.ProduceChannel() <- msg // want `msg is sent on splunkkafka Producer.ProduceChannel\(\) without injected trace context`
}

// Injected through splunk's own carrier.
func Injected(ctx context.Context, p *splunkkafka.Producer, value []byte) error {
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: value}
	otel.GetTextMapPropagator().Inject(ctx, splunkkafka.NewMessageCarrier(msg))
	return p.Produce(msg, nil)
}

// The embedded confluent producer's methods are sends too.
func Embedded(ctx context.Context, p *splunkkafka.Producer, value []byte) error {
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: value}
	return p.Producer.Produce(msg, nil) // want `confluent-kafka-go Producer.Produce sends msg without`
}

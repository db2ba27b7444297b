// Package ddp holds producerinject cases for dd-trace-go v2's Kafka
// wrappers in a package that uses DataDog's tracer and not OpenTelemetry:
// DataDog's tracer.Inject over a carrier on the message counts as
// injection, and fixes inject through it.
package ddp

import (
	"context"

	saramatrace "github.com/DataDog/dd-trace-go/contrib/IBM/sarama/v2"
	ddkafka "github.com/DataDog/dd-trace-go/contrib/confluentinc/confluent-kafka-go/kafka.v2/v2"
	kafkagotrace "github.com/DataDog/dd-trace-go/contrib/segmentio/kafka-go/v2"
	"github.com/DataDog/dd-trace-go/v2/ddtrace/tracer"
	"github.com/IBM/sarama"
	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	kafkago "github.com/segmentio/kafka-go"
)

var topic = "orders"

// DataDog's injection through the wrapper's carrier over the message.
func SaramaInjected(ctx context.Context, p sarama.SyncProducer, body []byte) error {
	msg := &sarama.ProducerMessage{Topic: topic, Value: sarama.ByteEncoder(body)}
	if span, ok := tracer.SpanFromContext(ctx); ok {
		_ = tracer.Inject(span.Context(), saramatrace.NewProducerMessageCarrier(msg))
	}
	_, _, err := p.SendMessage(msg)
	return err
}

// dd-trace-go's wrapped sarama producer parents its span on the headers:
// without injection the consumer starts a new trace.
func SaramaWrapped(ctx context.Context, raw sarama.SyncProducer, body []byte) error {
	p := saramatrace.WrapSyncProducer(nil, raw)
	msg := &sarama.ProducerMessage{Topic: topic, Value: sarama.ByteEncoder(body)}
	_, _, err := p.SendMessage(msg) // want `sarama SyncProducer.SendMessage sends msg without injected trace context: the consumer will start a new trace; inject ctx into the headers with DataDog's tracer.Inject before sending`
	return err
}

// A DataDog map carrier counts once copied into the headers.
func MapCopied(ctx context.Context, p sarama.SyncProducer, body []byte) error {
	msg := &sarama.ProducerMessage{Topic: topic, Value: sarama.ByteEncoder(body)}
	carrier := tracer.TextMapCarrier{}
	if span, ok := tracer.SpanFromContext(ctx); ok {
		_ = tracer.Inject(span.Context(), carrier)
	}
	for k, v := range carrier {
		msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: []byte(k), Value: []byte(v)})
	}
	_, _, err := p.SendMessage(msg)
	return err
}

// Injected into a map that never reaches the headers.
func MapNotCopied(ctx context.Context, p sarama.SyncProducer, body []byte) error {
	msg := &sarama.ProducerMessage{Topic: topic, Value: sarama.ByteEncoder(body)}
	headers := tracer.TextMapCarrier{}
	if span, ok := tracer.SpanFromContext(ctx); ok {
		_ = tracer.Inject(span.Context(), headers)
	}
	_, _, err := p.SendMessage(msg) // want `sarama SyncProducer.SendMessage sends msg without injected trace context`
	return err
}

// A helper that injects with DataDog's tracer (judged by its facts).
func ViaHelper(ctx context.Context, p sarama.SyncProducer, body []byte) error {
	msg := &sarama.ProducerMessage{Topic: topic, Value: sarama.ByteEncoder(body)}
	injectInto(ctx, msg)
	_, _, err := p.SendMessage(msg)
	return err
}

func injectInto(ctx context.Context, msg *sarama.ProducerMessage) {
	if span, ok := tracer.SpanFromContext(ctx); ok {
		_ = tracer.Inject(span.Context(), saramatrace.NewProducerMessageCarrier(msg))
	}
}

// dd-trace-go's confluent-kafka-go producer parents its span on the
// headers too.
func Confluent(ctx context.Context, p *ddkafka.Producer, body []byte) error {
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: body}
	return p.Produce(msg, nil) // want `dd-trace-go kafka Producer.Produce sends msg without injected trace context: .*DataDog's tracer.Inject`
}

func ConfluentInjected(ctx context.Context, p *ddkafka.Producer, body []byte) error {
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: body}
	if span, ok := tracer.SpanFromContext(ctx); ok {
		_ = tracer.Inject(span.Context(), ddkafka.NewMessageCarrier(msg))
	}
	return p.Produce(msg, nil)
}

func ConfluentChannel(ctx context.Context, p *ddkafka.Producer, body []byte) {
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: body}
	p.ProduceChannel() <- msg // want `msg is sent on dd-trace-go kafka Producer.ProduceChannel\(\) without injected trace context`
}

// The embedded confluent producer's methods send too.
func ConfluentEmbedded(ctx context.Context, p *ddkafka.Producer, body []byte) error {
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: body}
	return p.Producer.Produce(msg, nil) // want `confluent-kafka-go Producer.Produce sends msg without injected trace context`
}

// dd-trace-go's kafka-go writer starts its span from ctx and injects it.
func KafkaGo(ctx context.Context, w *kafkagotrace.KafkaWriter, body []byte) error {
	return w.WriteMessages(ctx, kafkago.Message{Value: body})
}

// Given an empty context, the writer injects an empty trace context.
func KafkaGoBackground(ctx context.Context, w *kafkagotrace.KafkaWriter, body []byte) error {
	if err := w.WriteMessages(context.Background(), kafkago.Message{Value: body}); err != nil { // want `dd-trace-go KafkaWriter.WriteMessages is given context.Background\(\), so dd-trace-go's KafkaWriter injects an empty trace context: the consumer will start a new trace; pass ctx`
		return err
	}
	return ctx.Err()
}

// A helper around the writer injects its ctx too: it has no sends fact,
// so its callers are not judged as sending.
func KafkaGoHelper(ctx context.Context, w *kafkagotrace.KafkaWriter, body []byte) error {
	return write(ctx, w, kafkago.Message{Value: body})
}

func write(ctx context.Context, w *kafkagotrace.KafkaWriter, m kafkago.Message) error {
	return w.WriteMessages(ctx, m)
}

// Given an empty context with no context at hand, there is nothing to pass.
func KafkaGoNoContext(w *kafkagotrace.KafkaWriter, body []byte) error {
	return w.WriteMessages(context.Background(), kafkago.Message{Value: body})
}

// No context at hand: nothing to inject.
func NoContext(p *ddkafka.Producer, body []byte) error {
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic}, Value: body}
	return p.Produce(msg, nil)
}

// Package ddc holds consumerextract cases for dd-trace-go's Kafka
// wrappers, which start a consume span and re-inject it into the message
// headers: user code that extracts from the message (with DataDog's
// tracer.Extract over the wrapper's carrier, or ExtractSpanContext) and
// starts its spans from the result continues the trace.
package ddc

import (
	"context"
	"time"

	saramatrace "github.com/DataDog/dd-trace-go/contrib/IBM/sarama/v2"
	ddkafka "github.com/DataDog/dd-trace-go/contrib/confluentinc/confluent-kafka-go/kafka.v2/v2"
	ddkafkav1 "github.com/DataDog/dd-trace-go/contrib/confluentinc/confluent-kafka-go/kafka/v2"
	kafkagotrace "github.com/DataDog/dd-trace-go/contrib/segmentio/kafka-go/v2"
	"github.com/DataDog/dd-trace-go/v2/ddtrace/tracer"
	"github.com/IBM/sarama"
	kafkav1 "github.com/confluentinc/confluent-kafka-go/kafka"
	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"go.opentelemetry.io/otel"
	v1kafkago "gopkg.in/DataDog/dd-trace-go.v1/contrib/segmentio/kafka.go.v0"
	v1tracer "gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer"
)

var otr = otel.Tracer("ddc")

type handler struct{}

func (handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// DataDog's extraction over the wrapper's carrier, then an OpenTelemetry
// span from the context holding the DataDog span.
func (handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		sctx, _ := tracer.Extract(saramatrace.NewConsumerMessageCarrier(msg))
		span, ctx := tracer.StartSpanFromContext(sess.Context(), "work", tracer.ChildOf(sctx))
		_, child := otr.Start(ctx, "otel-work")
		child.End()
		span.Finish()
		sess.MarkMessage(msg, "")
	}
	return nil
}

func Group(h sarama.ConsumerGroupHandler) sarama.ConsumerGroupHandler {
	return saramatrace.WrapConsumerGroupHandler(h)
}

func ContextWithSpan(ctx context.Context, pc sarama.PartitionConsumer) {
	for msg := range saramatrace.WrapPartitionConsumer(pc).Messages() {
		sctx, err := tracer.Extract(saramatrace.NewConsumerMessageCarrier(msg))
		if err != nil {
			continue
		}
		span := tracer.StartSpan("work", tracer.ChildOf(sctx))
		mctx := tracer.ContextWithSpan(ctx, span)
		_, child := otr.Start(mctx, "otel-work")
		child.End()
		span.Finish()
	}
}

// The wrapper re-injected its consume span; the handler ignores it.
func NoExtract(ctx context.Context, pc sarama.PartitionConsumer) {
	for msg := range saramatrace.WrapPartitionConsumer(pc).Messages() {
		_, span := otr.Start(ctx, "no-extract") // want `span "no-extract" is started from ctx, not from the trace context in msg's headers`
		process(msg.Value)
		span.End()
	}
}

// dd-trace-go's confluent-kafka-go consumer: its ReadMessage is a receive.
func Confluent(ctx context.Context, c *ddkafka.Consumer) {
	for {
		msg, err := c.ReadMessage(time.Second)
		if err != nil {
			return
		}
		_, span := otr.Start(ctx, "confluent") // want `span "confluent" is started from ctx, not from the trace context in msg's headers`
		process(msg.Value)
		span.End()
	}
}

func ConfluentPoll(ctx context.Context, c *ddkafka.Consumer) {
	for {
		ev := c.Poll(100)
		msg, ok := ev.(*kafka.Message)
		if !ok {
			continue
		}
		sctx, _ := tracer.Extract(ddkafka.NewMessageCarrier(msg))
		span, sctxCtx := tracer.StartSpanFromContext(ctx, "work", tracer.ChildOf(sctx))
		_, child := otr.Start(sctxCtx, "otel-work")
		child.End()
		span.Finish()
	}
}

// The confluent-kafka-go v1 wrapper.
func ConfluentV1(ctx context.Context, c *ddkafkav1.Consumer) {
	for ev := range c.Events() {
		switch e := ev.(type) {
		case *kafkav1.Message:
			_, span := otr.Start(ctx, "confluent-v1") // want `span "confluent-v1" is started from ctx, not from the trace context in e's headers`
			process(e.Value)
			span.End()
		}
	}
}

// dd-trace-go's kafka-go reader, with its ExtractSpanContext.
func KafkaGo(ctx context.Context, r *kafkagotrace.Reader) {
	for {
		msg, err := r.ReadMessage(ctx)
		if err != nil {
			return
		}
		sctx, _ := kafkagotrace.ExtractSpanContext(msg)
		span, sctxCtx := tracer.StartSpanFromContext(ctx, "work", tracer.ChildOf(sctx))
		_, child := otr.Start(sctxCtx, "otel-work")
		child.End()
		span.Finish()
	}
}

func KafkaGoNoExtract(ctx context.Context, r *kafkagotrace.Reader) {
	for {
		msg, err := r.FetchMessage(ctx)
		if err != nil {
			return
		}
		_, span := otr.Start(ctx, "kafkago") // want `span "kafkago" is started from ctx, not from the trace context in msg's headers`
		process(msg.Value)
		span.End()
	}
}

// dd-trace-go v1's API (gopkg.in/DataDog/dd-trace-go.v1).
func KafkaGoV1(ctx context.Context, r *v1kafkago.Reader) {
	for {
		msg, err := r.ReadMessage(ctx)
		if err != nil {
			return
		}
		sctx, _ := v1kafkago.ExtractSpanContext(msg)
		span, sctxCtx := v1tracer.StartSpanFromContext(ctx, "work", v1tracer.ChildOf(sctx))
		_, child := otr.Start(sctxCtx, "otel-work")
		child.End()
		span.Finish()
	}
}

func process([]byte) {}

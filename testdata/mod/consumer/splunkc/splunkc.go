// Package splunkc holds consumerextract cases for splunk-otel-go's
// confluent-kafka-go wrapper. Its consumer starts a receive span and
// re-injects it into the message headers, so extracting from the message
// after Poll or ReadMessage continues the trace.
package splunkc

import (
	"context"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/v2/kafka/splunkkafka"
	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("worker")

func process([]byte) {}

func Poll(ctx context.Context, c *splunkkafka.Consumer) {
	switch e := c.Poll(100).(type) {
	case *kafka.Message:
		_, span := tracer.Start(ctx, "process") // want `span "process" is started from ctx, not from the trace context in e's headers`
		process(e.Value)
		span.End()
	}
}

func Read(ctx context.Context, c *splunkkafka.Consumer) error {
	msg, err := c.ReadMessage(time.Second)
	if err != nil {
		return err
	}
	_, span := tracer.Start(context.Background(), "process") // want `started from context.Background\(\), not from the trace context in msg's headers`
	process(msg.Value)
	span.End()
	return nil
}

// Extracted through splunk's carrier: the receive span's context.
func Extracted(ctx context.Context, c *splunkkafka.Consumer) error {
	msg, err := c.ReadMessage(time.Second)
	if err != nil {
		return err
	}
	mctx := otel.GetTextMapPropagator().Extract(ctx, splunkkafka.NewMessageCarrier(msg))
	_, span := tracer.Start(mctx, "process")
	span.End()
	return nil
}

func Events(ctx context.Context, c *splunkkafka.Consumer) {
	for ev := range c.Events() {
		if m, ok := ev.(*kafka.Message); ok {
			mctx := otel.GetTextMapPropagator().Extract(ctx, splunkkafka.NewMessageCarrier(m))
			_, span := tracer.Start(mctx, "process")
			span.End()
		}
	}
}

// Package tracing is the upstream end of the cross-package chain. // want package:"tracewire\\(trace\\)" package:"propagator\\(uses example.com/tw/xpkg/tracing.InjectKafka\\)"
//
// Its helpers inject, extract and start spans; the summary analyzer's test
// asserts their facts.
package tracing

import (
	"context"

	"github.com/IBM/sarama"
	"github.com/dnwe/otelsarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("tracing")

// InjectKafka injects ctx into the message headers.
func InjectKafka(ctx context.Context, msg *sarama.ProducerMessage) { // want InjectKafka:"injects\\(1\\)"
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
}

// inject is an unexported step of InjectAll.
func inject(ctx context.Context, msg *sarama.ProducerMessage) { // want inject:"injects\\(1\\)"
	InjectKafka(ctx, msg)
}

// InjectAll injects through a further helper.
func InjectAll(ctx context.Context, msgs []*sarama.ProducerMessage) { // want InjectAll:"injects\\(1\\)"
	for _, m := range msgs {
		inject(ctx, m)
	}
}

// FromKafka returns the context extracted from the message headers.
func FromKafka(ctx context.Context, msg *sarama.ConsumerMessage) context.Context { // want FromKafka:"extracts\\(1\\)"
	return otel.GetTextMapPropagator().Extract(ctx, otelsarama.NewConsumerMessageCarrier(msg))
}

// Traced starts a span from ctx.
func Traced(ctx context.Context, name string) (context.Context, trace.Span) { // want Traced:"spans\\(0\\)"
	return tracer.Start(ctx, name)
}

// Describe looks at the message but neither injects nor extracts.
func Describe(msg *sarama.ProducerMessage) string {
	return msg.Topic
}

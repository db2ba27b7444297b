// Package ddrawp holds producerinject cases for a package that traces with
// DataDog's tracer and sends with a client it did not wrap: it has trace
// context to propagate, and fixes inject through DataDog's tracer.
package ddrawp

import (
	"context"

	"github.com/DataDog/dd-trace-go/v2/ddtrace/tracer"
	"github.com/IBM/sarama"
)

type Service struct{ p sarama.SyncProducer }

func (s *Service) Place(ctx context.Context, body []byte) error {
	span, ctx := tracer.StartSpanFromContext(ctx, "place")
	defer span.Finish()
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.ByteEncoder(body)}
	_, _, err := s.p.SendMessage(msg) // want `sarama SyncProducer.SendMessage sends msg without injected trace context: the consumer will start a new trace; inject ctx into the headers with DataDog's tracer.Inject before sending`
	return err
}

func (s *Service) Injected(ctx context.Context, body []byte) error {
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.ByteEncoder(body)}
	headers := tracer.TextMapCarrier{}
	if span, ok := tracer.SpanFromContext(ctx); ok {
		if err := tracer.Inject(span.Context(), headers); err != nil {
			return err
		}
	}
	for k, v := range headers {
		msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: []byte(k), Value: []byte(v)})
	}
	_, _, err := s.p.SendMessage(msg)
	return err
}

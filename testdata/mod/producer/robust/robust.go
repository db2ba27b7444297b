// Package robust holds shapes that must not crash producerinject or
// consumerextract: generics, method values, function-typed fields, and
// calls the analyzers cannot resolve, and a generated file.
package robust

import (
	"context"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("robust")

func init() { _ = tracer }

type Sender[T any] struct {
	sp   sarama.SyncProducer
	conv func(T) *sarama.ProducerMessage
}

// The message comes from a function value: unknown origin, no finding.
func (s Sender[T]) Send(ctx context.Context, v T) error {
	_, _, err := s.sp.SendMessage(s.conv(v))
	return err
}

// A generic function building the message itself is checked.
func SendAll[T ~string](ctx context.Context, sp sarama.SyncProducer, vs []T) {
	for _, v := range vs {
		msg := &sarama.ProducerMessage{Topic: string(v)}
		sp.SendMessage(msg) // want `SendMessage sends msg without`
	}
}

// A method value of the producer is not followed: no finding.
func MethodValue(ctx context.Context, sp sarama.SyncProducer) {
	send := sp.SendMessage
	send(&sarama.ProducerMessage{Topic: "x"})
}

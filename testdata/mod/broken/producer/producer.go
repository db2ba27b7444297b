// Package producer has type errors. The analyzers run despite them (as
// golangci-lint and editors may ask) and must not crash; findings whose
// types are all known are still reported.
package producer

import (
	"context"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("broken")

func Send(ctx context.Context, sp sarama.SyncProducer) {
	msg := &sarama.ProducerMessage{Topic: undefinedTopic}
	sp.SendMessage(msg) // want `SendMessage sends msg without`
	sp.SendMessages(undefinedSlice)
	sp.SendMessage(undefinedCall(ctx))
	var missing UnknownType
	sp.SendMessages([]*sarama.ProducerMessage{missing})
	undefinedProducer.Input() <- msg
}

// Package shopifyc holds consumerextract cases for github.com/Shopify/sarama.
package shopifyc

import (
	"github.com/Shopify/sarama"
	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("worker")

type handler struct{}

func (handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		_, span := tracer.Start(sess.Context(), "process") // want `span "process" is started from sess.Context\(\), not from the trace context in msg's headers`
		span.End()
		sess.MarkMessage(msg, "")
	}
	return nil
}

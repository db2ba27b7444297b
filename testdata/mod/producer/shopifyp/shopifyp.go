// Package shopifyp holds producerinject cases for the pre-2023 sarama import
// path, github.com/Shopify/sarama.
package shopifyp

import (
	"context"

	"github.com/Shopify/sarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func Send(ctx context.Context, sp sarama.SyncProducer) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	sp.SendMessage(msg) // want `sarama SyncProducer.SendMessage sends msg without injected trace context`
}

func Async(ctx context.Context, ap sarama.AsyncProducer) {
	ap.Input() <- &sarama.ProducerMessage{Topic: "orders"} // want `a message is sent on sarama AsyncProducer.Input\(\) without`
}

func Injected(ctx context.Context, sp sarama.SyncProducer) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	for k, v := range carrier {
		msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: []byte(k), Value: []byte(v)})
	}
	sp.SendMessage(msg)
}

// Package nootel sends without injection but does not use OpenTelemetry,
// and its module requires OpenTelemetry only indirectly: there is no trace
// context to propagate, so producerinject is silent (unless
// -producerinject.strict), even with the caller's ctx at hand.
package nootel

import (
	"context"

	"github.com/IBM/sarama"
)

func Send(ctx context.Context, sp sarama.SyncProducer) {
	sp.SendMessage(&sarama.ProducerMessage{Topic: "orders"})
}

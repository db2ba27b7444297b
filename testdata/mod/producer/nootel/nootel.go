// Package nootel sends without injection but does not use OpenTelemetry:
// there is no trace context to propagate, so producerinject is silent
// (unless -producerinject.strict).
package nootel

import (
	"context"

	"github.com/IBM/sarama"
)

func Send(ctx context.Context, sp sarama.SyncProducer) {
	sp.SendMessage(&sarama.ProducerMessage{Topic: "orders"})
}

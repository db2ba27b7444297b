package imports

import (
	"context"

	kafka "github.com/IBM/sarama"
)

// The client is imported under another name and otel names a local.
func Shadow(ctx context.Context, sp kafka.SyncProducer) {
	otel := "local"
	msg := &kafka.ProducerMessage{Topic: otel}
	sp.SendMessage(msg) // want `SendMessage sends msg without`
}

package imports

import (
	"context"

	"github.com/IBM/sarama"

	"example.com/tw/producer/imports/internal/topics"
)

// Standard library, third-party, then the module's own packages: new
// imports join the third-party group.
func Local(ctx context.Context, sp sarama.SyncProducer) {
	sp.SendMessage(&sarama.ProducerMessage{Topic: topics.Orders}) // want `SendMessage sends a message without`
}

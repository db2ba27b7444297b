package imports

import (
	"context"
	"github.com/IBM/sarama"
)

// One group mixing the standard library and others: new imports are sorted
// into it.
func OneGroup(ctx context.Context, sp sarama.SyncProducer) {
	sp.SendMessage(&sarama.ProducerMessage{Topic: "one"}) // want `SendMessage sends a message without`
}

package imports

import (
	"context"
	"fmt"

	"github.com/IBM/sarama"
)

// Two sends in one function: the fixes declare different names.
func Groups(ctx context.Context, sp sarama.SyncProducer) {
	ctx, span := tracer.Start(ctx, "groups")
	defer span.End()
	a := &sarama.ProducerMessage{Topic: "a"}
	sp.SendMessage(a) // want `SendMessage sends a without`
	b := &sarama.ProducerMessage{Topic: fmt.Sprint("b")}
	sp.SendMessage(b) // want `SendMessage sends b without`
}

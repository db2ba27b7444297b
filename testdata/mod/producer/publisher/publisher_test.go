package publisher

import (
	"context"
	"testing"

	"github.com/IBM/sarama"
)

// A test helper with a ctx parameter: in a package traced only by its
// module, tests carry no request's trace (strict mode still reports it).
func produce(ctx context.Context, t *testing.T, sp sarama.SyncProducer) {
	if _, _, err := sp.SendMessage(&sarama.ProducerMessage{Topic: "orders"}); err != nil {
		t.Fatal(err)
	}
}

func TestProduce(t *testing.T) {
	if testing.Short() {
		produce(t.Context(), t, nil)
	}
}

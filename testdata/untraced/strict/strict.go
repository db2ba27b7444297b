// Package strict is checked with -producerinject.strict: every send without
// injection is reported, context or not, OpenTelemetry or not. OpenTelemetry
// is not in this package's build and its module requires it only
// indirectly, so no fix is offered.
package strict

import (
	"context"

	"github.com/IBM/sarama"
)

func Send(ctx context.Context, sp sarama.SyncProducer) {
	sp.SendMessage(&sarama.ProducerMessage{Topic: "orders"}) // want `SendMessage sends a message without injected trace context.*inject ctx`
}

func NoContext(sp sarama.SyncProducer) {
	sp.SendMessage(&sarama.ProducerMessage{Topic: "orders"}) // want `SendMessage sends a message without injected trace context.*inject a context into the headers`
}

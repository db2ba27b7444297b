// Package notifications tells other teams about shipped orders. Like many
// publisher packages of a traced service, it imports no OpenTelemetry: the
// shop's tracing is set up in its mains and HTTP middleware, and this
// package only passes the request's ctx along. The module requires
// OpenTelemetry (go.mod), so tracewire judges its sends all the same.
package notifications

import (
	"context"
	"encoding/json"

	"github.com/IBM/sarama"
)

// Notifier publishes notifications to Kafka.
type Notifier struct {
	producer sarama.SyncProducer
}

// New returns a Notifier sending through p.
func New(p sarama.SyncProducer) *Notifier { return &Notifier{producer: p} }

// OrderShipped publishes that an order has shipped.
func (n *Notifier) OrderShipped(ctx context.Context, orderID string) error {
	body, err := json.Marshal(map[string]string{"order_id": orderID})
	if err != nil {
		return err
	}
	_, _, err = n.producer.SendMessage(&sarama.ProducerMessage{Topic: "notifications", Value: sarama.ByteEncoder(body)})
	return err
}

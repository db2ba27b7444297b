// Package streadwayp: the deprecated streadway/amqp, which amqp091-go was
// forked from.
package streadwayp

import (
	"context"

	"github.com/streadway/amqp"
)

func publish(ctx context.Context, ch *amqp.Channel, body []byte) error {
	pub := amqp.Publishing{Body: body}
	return ch.Publish("orders", "created", false, false, pub) // want `streadway/amqp Channel.Publish sends pub without injected trace context`
}

func noContext(ch *amqp.Channel, body []byte) error {
	return ch.Publish("orders", "created", false, false, amqp.Publishing{Body: body})
}

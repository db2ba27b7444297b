// Package mapdest holds the destinations tracewire map resolves on NATS
// and RabbitMQ: subjects, exchanges and routing keys. Its functions have
// no context at hand, so the checks report nothing here.
package mapdest

import (
	"github.com/nats-io/nats.go"
	amqp "github.com/rabbitmq/amqp091-go"
)

const subject = "orders." + "created"

func Publish(nc *nats.Conn) {
	_ = nc.Publish(subject, nil) // want `producer nats orders.created`
}

func PublishMsg(nc *nats.Conn) {
	_ = nc.PublishMsg(&nats.Msg{Subject: "orders.msg", Header: nats.Header{}}) // want `producer nats orders.msg`
}

func Subscribe(nc *nats.Conn) {
	_, _ = nc.Subscribe(subject, func(m *nats.Msg) { // want `subscription nats orders.created keys=lit:` `consumer nats \(dynamic\) m keys=lit:`
		_ = m // the message parameter, above, is the consumer
	})
}

func AMQP(ch *amqp.Channel) {
	_ = ch.Publish("events", "orders.created", false, false, amqp.Publishing{}) // want `producer amqp events/orders.created`
	_ = ch.Publish("", "tasks", false, false, amqp.Publishing{})                // want `producer amqp tasks`
	deliveries, _ := ch.Consume("tasks", "", false, false, false, false, nil)   // want `subscription amqp tasks` `consumer amqp tasks`
	for d := range deliveries {
		_ = d
	}
}

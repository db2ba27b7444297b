// Package mapdest holds the destinations tracewire map resolves on the
// in-house bus of testdata/inhouse: the message's Topic field, and the
// topic argument of a subscription. Its functions have no context at
// hand, so the checks report nothing here.
package mapdest

import (
	"context"

	"example.com/inhouse/bus"
)

const topic = "orders"

func Publish(c *bus.Client) {
	_ = c.Publish(context.Background(), &bus.Message{Topic: topic + ".v1"}) // want `producer inhouse orders.v1`
}

func Next(c *bus.Client) {
	m, _ := c.Next(context.Background(), topic) // want `consumer inhouse orders`
	_ = m
}

// Package natsbus is the upstream end of a cross-package chain over NATS: // want package:"tracewire"
// a send wrapper, an injecting helper and a message constructor, judged at
// their callers through their facts. It imports no OpenTelemetry.
package natsbus

import (
	"strconv"

	"github.com/nats-io/nats.go"
)

// Bus wraps a NATS connection.
type Bus struct{ nc *nats.Conn }

// Send sends msg as it is.
func (b *Bus) Send(msg *nats.Msg) error { return b.nc.PublishMsg(msg) } // want Send:"sends\\(0 via nats Conn.PublishMsg\\)"

// Event builds a message with an empty header map.
func Event(subject string, data []byte) *nats.Msg { // want Event:"returns\\(fresh\\)"
	return &nats.Msg{Subject: subject, Data: data, Header: nats.Header{}}
}

// Notify publishes a payload with no headers at all.
func (b *Bus) Notify(subject string, data []byte) error { return b.nc.Publish(subject, data) } // want Notify:"bare\\(nats Conn.Publish\\)"

// Ack publishes a protocol message the bus builds itself: no payload of
// the caller's crosses it, so it gets no bare fact (stan.go's Ack and its
// discovery request are such sends).
func (b *Bus) Ack(seq uint64) error {
	payload := strconv.AppendUint(nil, seq, 10)
	return b.nc.Publish("_ack", payload)
}

// Package framework: a messaging framework's outputs (benthos's NATS and
// AMQP outputs, watermill's marshalers) copy the metadata of the
// framework's own message, which carries its own context, into the
// headers. The framework's tracing injects into that metadata, so the copy
// propagates; the context at hand is only the write's cancellation.
// Regression cases for false positives found in benthos v4.27.0.
package framework

import (
	"context"

	"github.com/nats-io/nats.go"
	amqp "github.com/rabbitmq/amqp091-go"
)

// Message is the framework's message: a payload, metadata, and the
// context the message travels with.
type Message struct {
	ctx      context.Context
	Metadata map[string]string
	Payload  []byte
}

func (m *Message) Context() context.Context { return m.ctx }

// walk calls fn for each metadata entry of m.
func walk(m *Message, fn func(k, v string) error) error {
	for k, v := range m.Metadata {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// Negatives: the metadata is copied into the headers.

func natsWalk(ctx context.Context, nc *nats.Conn, msg *Message) error {
	out := nats.NewMsg("orders")
	out.Data = msg.Payload
	_ = walk(msg, func(k, v string) error {
		out.Header.Add(k, v)
		return nil
	})
	return nc.PublishMsg(out)
}

func natsRange(ctx context.Context, nc *nats.Conn, msg *Message) error {
	out := &nats.Msg{Subject: "orders", Data: msg.Payload, Header: nats.Header{}}
	for k, v := range msg.Metadata {
		out.Header.Set(k, v)
	}
	return nc.PublishMsg(out)
}

func amqpWalk(ctx context.Context, ch *amqp.Channel, msg *Message) error {
	headers := amqp.Table{}
	_ = walk(msg, func(k, v string) error {
		headers[k] = v
		return nil
	})
	return ch.PublishWithContext(ctx, "orders", "created", false, false, amqp.Publishing{Headers: headers, Body: msg.Payload})
}

// Positives: headers from a static map, or from another metadata field of
// the output message itself, carry no trace context.

type output struct {
	static map[string]string
}

func (o *output) natsStatic(ctx context.Context, nc *nats.Conn, msg *Message) error {
	out := nats.NewMsg("orders")
	out.Data = msg.Payload
	for k, v := range o.static {
		out.Header.Add(k, v)
	}
	return nc.PublishMsg(out) // want `nats Conn.PublishMsg sends out without injected trace context`
}

func amqpStatic(ctx context.Context, ch *amqp.Channel, static map[string]string, body []byte) error {
	headers := amqp.Table{}
	for k, v := range static {
		headers[k] = v
	}
	return ch.PublishWithContext(ctx, "orders", "created", false, false, amqp.Publishing{Headers: headers, Body: body}) // want `amqp091-go Channel.PublishWithContext sends a message without injected trace context`
}

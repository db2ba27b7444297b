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

func (o *output) amqpStatic(ctx context.Context, ch *amqp.Channel, body []byte) error {
	headers := amqp.Table{}
	for k, v := range o.static {
		headers[k] = v
	}
	return ch.PublishWithContext(ctx, "orders", "created", false, false, amqp.Publishing{Headers: headers, Body: body}) // want `amqp091-go Channel.PublishWithContext sends a message without injected trace context`
}

// Positives: only a length or one entry of the caller's metadata, not the
// metadata itself.

func oneValue(ctx context.Context, ch *amqp.Channel, metadata map[string]string, body []byte) error {
	return ch.PublishWithContext(ctx, "orders", "created", false, false, amqp.Publishing{Headers: amqp.Table{"tenant": metadata["tenant"]}, Body: body}) // want `amqp091-go Channel.PublishWithContext sends a message without injected trace context`
}

func capOnly(ctx context.Context, nc *nats.Conn, metadata map[string]string, data []byte) error {
	msg := &nats.Msg{Subject: "orders", Data: data, Header: make(nats.Header, len(metadata))}
	return nc.PublishMsg(msg) // want `nats Conn.PublishMsg sends msg without injected trace context`
}

// Negatives: metadata the caller passes along with the payload, which its
// tracing may have filled (Dapr's runtime puts traceparent into a
// binding request's metadata; machinery's SendTaskWithContext into the
// signature's headers). Regression cases for false positives found in
// dapr components-contrib, go-micro and machinery.

// InvokeRequest is a binding request: payload and metadata, no context.
type InvokeRequest struct {
	Data     []byte
	Metadata map[string]string
}

func invoke(ctx context.Context, ch *amqp.Channel, req *InvokeRequest) error {
	pub := amqp.Publishing{Body: req.Data, Headers: amqp.Table{}}
	for k, v := range req.Metadata {
		pub.Headers[k] = v
	}
	return ch.PublishWithContext(ctx, "bindings", "", false, false, pub)
}

// Signature is a task: its headers travel with it.
type Signature struct {
	Name    string
	Headers map[string]interface{}
}

func sendTask(ctx context.Context, ch *amqp.Channel, signature *Signature, body []byte) error {
	return ch.PublishWithContext(ctx, "tasks", signature.Name, false, false, amqp.Publishing{Headers: amqp.Table(signature.Headers), Body: body})
}

func publishWithMetadata(ctx context.Context, nc *nats.Conn, subject string, data []byte, metadata map[string]string) error {
	msg := &nats.Msg{Subject: subject, Data: data, Header: nats.Header{}}
	for k, v := range metadata {
		msg.Header.Set(k, v)
	}
	return nc.PublishMsg(msg)
}

// Entry is one message of a bulk publish, with its own metadata.
type Entry struct {
	Data     []byte
	Metadata map[string]string
}

func bulk(ctx context.Context, ch *amqp.Channel, entries []Entry) error {
	for _, e := range entries {
		pub := amqp.Publishing{Body: e.Data, Headers: amqp.Table{}}
		for k, v := range e.Metadata {
			pub.Headers[k] = v
		}
		if err := ch.PublishWithContext(ctx, "orders", "created", false, false, pub); err != nil {
			return err
		}
	}
	return nil
}

// Package alias holds producerinject cases where a carrier aliases the
// headers: the wiring guide's shape (a named slice of sarama's headers,
// converted from a nil slice, injected by address, converted back into
// the message literal), and its variants. The carrier's Set appends, so
// what Inject wrote is in the variable once the call returns: a message
// built from the variable after that is injected. A message built from it
// before, by value, is not.
package alias

import (
	"context"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
)

// headersCarrier is the wiring guide's carrier over sarama's headers.
type headersCarrier []sarama.RecordHeader

func (c *headersCarrier) Get(key string) string {
	for _, h := range *c {
		if string(h.Key) == key {
			return string(h.Value)
		}
	}
	return ""
}

func (c *headersCarrier) Set(key, value string) {
	for i, h := range *c {
		if string(h.Key) == key {
			(*c)[i].Value = []byte(value)
			return
		}
	}
	*c = append(*c, sarama.RecordHeader{Key: []byte(key), Value: []byte(value)})
}

func (c *headersCarrier) Keys() []string {
	keys := make([]string, 0, len(*c))
	for _, h := range *c {
		keys = append(keys, string(h.Key))
	}
	return keys
}

// fill writes trace context through the carrier it is given.
func fill(ctx context.Context, c *headersCarrier) {
	otel.GetTextMapPropagator().Inject(ctx, c)
}

type Publisher struct {
	sp sarama.SyncProducer
}

// --- negatives: the carrier holds the injection when it becomes the headers ---

// The wiring guide's producer, as written there.
func (p *Publisher) Guide(ctx context.Context, body []byte) error {
	var headers []sarama.RecordHeader
	carrier := headersCarrier(headers)
	otel.GetTextMapPropagator().Inject(ctx, &carrier)
	msg := &sarama.ProducerMessage{
		Topic:   "orders",
		Value:   sarama.ByteEncoder(body),
		Headers: []sarama.RecordHeader(carrier),
	}
	_, _, err := p.sp.SendMessage(msg)
	return err
}

// A carrier literal passed by address, used as the headers unconverted.
func (p *Publisher) ByAddress(ctx context.Context) error {
	headers := headersCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, &headers)
	msg := &sarama.ProducerMessage{Topic: "orders", Headers: headers}
	_, _, err := p.sp.SendMessage(msg)
	return err
}

// The carrier assigned to the headers after the injection.
func (p *Publisher) AssignedAfter(ctx context.Context) error {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	var c headersCarrier
	otel.GetTextMapPropagator().Inject(ctx, &c)
	msg.Headers = []sarama.RecordHeader(c)
	_, _, err := p.sp.SendMessage(msg)
	return err
}

// A helper writes through the carrier's address.
func (p *Publisher) Helper(ctx context.Context) error {
	var c headersCarrier
	fill(ctx, &c)
	_, _, err := p.sp.SendMessage(&sarama.ProducerMessage{Topic: "orders", Headers: c})
	return err
}

// --- positives: the headers are copied before the injection fills the carrier ---

// The literal takes the carrier's (empty) slice before Inject appends.
func (p *Publisher) CopiedBefore(ctx context.Context) error {
	var c headersCarrier
	msg := &sarama.ProducerMessage{Topic: "orders", Headers: []sarama.RecordHeader(c)}
	otel.GetTextMapPropagator().Inject(ctx, &c)
	_, _, err := p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
	return err
}

// Assigned before the injection: the appends do not reach msg.Headers.
func (p *Publisher) AssignedBefore(ctx context.Context) error {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	var c headersCarrier
	msg.Headers = c
	otel.GetTextMapPropagator().Inject(ctx, &c)
	_, _, err := p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context`
	return err
}

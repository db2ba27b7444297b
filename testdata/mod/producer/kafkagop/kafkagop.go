// Package kafkagop holds producerinject cases for github.com/segmentio/kafka-go,
// whose messages are values.
package kafkagop

import (
	"context"

	"github.com/segmentio/kafka-go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// headerCarrier is a carrier over a kafka-go message's headers.
type headerCarrier struct{ msg *kafka.Message }

func (c headerCarrier) Get(key string) string {
	for _, h := range c.msg.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

func (c headerCarrier) Set(key, value string) {
	c.msg.Headers = append(c.msg.Headers, kafka.Header{Key: key, Value: []byte(value)})
}

func (c headerCarrier) Keys() []string {
	var keys []string
	for _, h := range c.msg.Headers {
		keys = append(keys, h.Key)
	}
	return keys
}

// --- positives ---

func Write(ctx context.Context, w *kafka.Writer, value []byte) error {
	msg := kafka.Message{Key: []byte("k"), Value: value}
	return w.WriteMessages(ctx, msg) // want `kafka-go Writer.WriteMessages sends msg without injected trace context`
}

func Inline(ctx context.Context, w *kafka.Writer, value []byte) error {
	return w.WriteMessages(ctx, kafka.Message{Value: value}) // want `kafka-go Writer.WriteMessages sends a message without`
}

// Each message of the call is judged: here only b lacks injection.
func Several(ctx context.Context, w *kafka.Writer) error {
	a := kafka.Message{Value: []byte("a")}
	otel.GetTextMapPropagator().Inject(ctx, headerCarrier{&a})
	b := kafka.Message{Value: []byte("b")}
	return w.WriteMessages(ctx, a, b) // want `WriteMessages sends b without`
}

func Spread(ctx context.Context, w *kafka.Writer, values [][]byte) error {
	var msgs []kafka.Message
	for _, v := range values {
		msgs = append(msgs, kafka.Message{Value: v})
	}
	return w.WriteMessages(ctx, msgs...) // want `WriteMessages sends messages of msgs without`
}

func Conn(ctx context.Context, c *kafka.Conn) error {
	_, err := c.WriteMessages(kafka.Message{Value: []byte("x")}) // want `kafka-go Conn.WriteMessages sends a message without`
	return err
}

// --- negatives ---

func Injected(ctx context.Context, w *kafka.Writer, value []byte) error {
	msg := kafka.Message{Value: value}
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	for k, v := range carrier {
		msg.Headers = append(msg.Headers, kafka.Header{Key: k, Value: []byte(v)})
	}
	return w.WriteMessages(ctx, msg)
}

func SpreadInjected(ctx context.Context, w *kafka.Writer, values [][]byte) error {
	msgs := make([]kafka.Message, len(values))
	for i, v := range values {
		msgs[i] = kafka.Message{Value: v}
		otel.GetTextMapPropagator().Inject(ctx, headerCarrier{&msgs[i]})
	}
	return w.WriteMessages(ctx, msgs...)
}

// A message read back is not produced here.
func Echo(ctx context.Context, r *kafka.Reader, w *kafka.Writer) error {
	m, err := r.ReadMessage(ctx)
	if err != nil {
		return err
	}
	return w.WriteMessages(ctx, m)
}

// --- a small interface the program wraps its writer in (for tests) ---

type messageWriter interface {
	WriteMessages(ctx context.Context, msgs ...kafka.Message) error
	Close() error
}

type Pusher struct {
	w messageWriter
}

func NewPusher(addr string) *Pusher {
	return &Pusher{w: &kafka.Writer{Addr: kafka.TCP(addr)}}
}

// *kafka.Writer implements messageWriter with the same WriteMessages: the
// call sends.
func (p *Pusher) Push(ctx context.Context, v string) error {
	msg := kafka.Message{Value: []byte(v)}
	return p.w.WriteMessages(ctx, msg) // want `kafka-go Writer.WriteMessages sends msg without`
}

// An interface whose method differs from the client's is not a send.
type otherWriter interface {
	WriteMessages(msgs ...kafka.Message) error
}

func PushOther(ctx context.Context, w otherWriter, v string) error {
	return w.WriteMessages(kafka.Message{Value: []byte(v)})
}

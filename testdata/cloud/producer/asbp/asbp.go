// Package asbp: Azure Service Bus sends (Sender.SendMessage, and batches
// built with MessageBatch.AddMessage), trace context in
// ApplicationProperties map[string]any. azservicebus propagates nothing
// itself.
package asbp

import (
	"context"
	"errors"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/messaging/azservicebus"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// Positives.

func sendMessage(ctx context.Context, sender *azservicebus.Sender, body []byte) error {
	msg := &azservicebus.Message{Body: body}
	return sender.SendMessage(ctx, msg, nil) // want `azservicebus Sender.SendMessage sends msg without injected trace context: the consumer will start a new trace`
}

func sendLiteral(ctx context.Context, client *azservicebus.Client, body []byte) error {
	sender, err := client.NewSender("orders", nil)
	if err != nil {
		return err
	}
	defer sender.Close(ctx)
	subject := "order.created"
	return sender.SendMessage(ctx, &azservicebus.Message{ // want `azservicebus Sender.SendMessage sends a message without injected trace context`
		Body:                  body,
		Subject:               &subject,
		ApplicationProperties: map[string]any{"priority": 2},
	}, nil)
}

// A batch: each message is encoded when it is added, so AddMessage is where
// the trace context must already be in it.
func sendBatch(ctx context.Context, sender *azservicebus.Sender, bodies [][]byte) error {
	batch, err := sender.NewMessageBatch(ctx, nil)
	if err != nil {
		return err
	}
	for _, body := range bodies {
		m := &azservicebus.Message{Body: body}
		if err := batch.AddMessage(m, nil); err != nil { // want `azservicebus MessageBatch.AddMessage .*m without injected trace context`
			if errors.Is(err, azservicebus.ErrMessageTooLarge) {
				break
			}
			return err
		}
	}
	return sender.SendMessageBatch(ctx, batch, nil)
}

// Injected after the message was added: the batch holds the encoded copy.
func injectedTooLate(ctx context.Context, sender *azservicebus.Sender, body []byte) error {
	batch, err := sender.NewMessageBatch(ctx, nil)
	if err != nil {
		return err
	}
	m := &azservicebus.Message{Body: body, ApplicationProperties: map[string]any{}}
	if err := batch.AddMessage(m, nil); err != nil { // want `azservicebus MessageBatch.AddMessage .*m without injected trace context`
		return err
	}
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	for k, v := range carrier {
		m.ApplicationProperties[k] = v
	}
	return sender.SendMessageBatch(ctx, batch, nil)
}

func scheduled(ctx context.Context, sender *azservicebus.Sender, msgs []*azservicebus.Message) ([]int64, error) {
	return sender.ScheduleMessages(ctx, msgs, nowPlusMinute(), nil) // want `azservicebus Sender.ScheduleMessages sends .*msgs without injected trace context`
}

// Negatives.

// A driver relaying the caller's messages: their metadata, where the
// caller's trace context is, is copied into ApplicationProperties (the Go
// CDK's azuresb driver takes its one message as dms[0]).
type relayed struct {
	Body     []byte
	Metadata map[string]string
}

func relayFirst(ctx context.Context, sender *azservicebus.Sender, dms []*relayed) error {
	dm := dms[0]
	m := &azservicebus.Message{Body: dm.Body}
	if len(dm.Metadata) > 0 {
		m.ApplicationProperties = map[string]any{}
		for k, v := range dm.Metadata {
			m.ApplicationProperties[k] = v
		}
	}
	return sender.SendMessage(ctx, m, nil)
}

// The tutorial form: a MapCarrier copied into ApplicationProperties.
func injected(ctx context.Context, sender *azservicebus.Sender, body []byte) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	props := make(map[string]any, len(carrier))
	for k, v := range carrier {
		props[k] = v
	}
	return sender.SendMessage(ctx, &azservicebus.Message{Body: body, ApplicationProperties: props}, nil)
}

// A carrier of the program's own over ApplicationProperties.
type propertiesCarrier map[string]any

func (c propertiesCarrier) Get(key string) string {
	s, _ := c[key].(string)
	return s
}

func (c propertiesCarrier) Set(key, value string) { c[key] = value }

func (c propertiesCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}

func injectedThroughCarrier(ctx context.Context, sender *azservicebus.Sender, body []byte) error {
	msg := &azservicebus.Message{Body: body, ApplicationProperties: map[string]any{}}
	otel.GetTextMapPropagator().Inject(ctx, propertiesCarrier(msg.ApplicationProperties))
	return sender.SendMessage(ctx, msg, nil)
}

func injectedBatch(ctx context.Context, sender *azservicebus.Sender, bodies [][]byte) error {
	batch, err := sender.NewMessageBatch(ctx, nil)
	if err != nil {
		return err
	}
	for _, body := range bodies {
		m := &azservicebus.Message{Body: body, ApplicationProperties: map[string]any{}}
		otel.GetTextMapPropagator().Inject(ctx, propertiesCarrier(m.ApplicationProperties))
		if err := batch.AddMessage(m, nil); err != nil {
			return err
		}
	}
	return sender.SendMessageBatch(ctx, batch, nil)
}

func nowPlusMinute() time.Time { return time.Now().Add(time.Minute) }

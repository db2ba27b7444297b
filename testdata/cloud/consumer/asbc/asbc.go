// Package asbc: Azure Service Bus receives (Receiver.ReceiveMessages,
// SessionReceiver.ReceiveMessages, PeekMessages), trace context in
// ApplicationProperties map[string]any. azservicebus extracts nothing.
package asbc

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/sdk/messaging/azservicebus"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

var tracer = otel.Tracer("asbc")

func handle(ctx context.Context, body []byte) error { return nil }

// propertiesCarrier copies the string ApplicationProperties into a carrier.
func propertiesCarrier(props map[string]any) propagation.MapCarrier {
	carrier := propagation.MapCarrier{}
	for k, v := range props {
		if s, ok := v.(string); ok {
			carrier[k] = s
		}
	}
	return carrier
}

// Positives.

func receive(ctx context.Context, receiver *azservicebus.Receiver) error {
	messages, err := receiver.ReceiveMessages(ctx, 10, nil)
	if err != nil {
		return err
	}
	for _, msg := range messages {
		mctx, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers: the message's trace is broken here; extract it with otel.GetTextMapPropagator\(\).Extract over msg.ApplicationProperties`
		err := handle(mctx, msg.Body)
		span.End()
		if err != nil {
			if err := receiver.AbandonMessage(ctx, msg, nil); err != nil {
				return err
			}
			continue
		}
		if err := receiver.CompleteMessage(ctx, msg, nil); err != nil {
			return err
		}
	}
	return nil
}

func receiveSession(ctx context.Context, client *azservicebus.Client) error {
	receiver, err := client.AcceptNextSessionForQueue(ctx, "orders", nil)
	if err != nil {
		return err
	}
	defer receiver.Close(ctx)
	messages, err := receiver.ReceiveMessages(ctx, 5, nil)
	if err != nil {
		return err
	}
	for _, m := range messages {
		_, span := tracer.Start(context.Background(), "orders.process") // want `span "orders.process" is started from context.Background\(\), not from the trace context in m's headers`
		span.End()
		_ = receiver.CompleteMessage(ctx, m, nil)
	}
	return nil
}

func processOne(ctx context.Context, msg *azservicebus.ReceivedMessage) error {
	ctx, span := tracer.Start(ctx, "orders.process")
	defer span.End()
	return handle(ctx, msg.Body)
}

func receiveEach(ctx context.Context, receiver *azservicebus.Receiver) error {
	messages, err := receiver.ReceiveMessages(ctx, 10, nil)
	if err != nil {
		return err
	}
	for _, msg := range messages {
		// processOne is judged at its call: its ctx is the receive loop's.
		if err := processOne(ctx, msg); err != nil { // want `processOne starts a span from ctx, not from the trace context in msg's headers`
			return err
		}
	}
	return nil
}

// Negatives.

// The tutorial form: string ApplicationProperties copied into a MapCarrier.
func extracted(ctx context.Context, receiver *azservicebus.Receiver) error {
	messages, err := receiver.ReceiveMessages(ctx, 10, nil)
	if err != nil {
		return err
	}
	for _, msg := range messages {
		carrier := propagation.MapCarrier{}
		for k, v := range msg.ApplicationProperties {
			if s, ok := v.(string); ok {
				carrier[k] = s
			}
		}
		mctx := otel.GetTextMapPropagator().Extract(ctx, carrier)
		mctx, span := tracer.Start(mctx, "orders.process")
		_ = handle(mctx, msg.Body)
		span.End()
		_ = receiver.CompleteMessage(ctx, msg, nil)
	}
	return nil
}

func extractedByHelper(ctx context.Context, receiver *azservicebus.Receiver) error {
	messages, err := receiver.ReceiveMessages(ctx, 10, nil)
	if err != nil {
		return err
	}
	for _, msg := range messages {
		_, span := tracer.Start(otel.GetTextMapPropagator().Extract(ctx, propertiesCarrier(msg.ApplicationProperties)), "orders.process")
		span.End()
	}
	return nil
}

// Peeked messages are not consumed: a span for the peek is the caller's.
func peek(ctx context.Context, receiver *azservicebus.Receiver) (int, error) {
	ctx, span := tracer.Start(ctx, "orders.peek")
	defer span.End()
	messages, err := receiver.PeekMessages(ctx, 10, nil)
	return len(messages), err
}

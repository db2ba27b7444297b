// Package natsc: NATS receive points, each starting a span from a context
// not extracted from the message, and the same with extraction.
package natsc

import (
	"context"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

var tracer = otel.Tracer("natsc")

func handle(ctx context.Context, data []byte) {}

// Positives.

func subscribe(nc *nats.Conn) (*nats.Subscription, error) {
	return nc.Subscribe("orders", func(msg *nats.Msg) {
		ctx, span := tracer.Start(context.Background(), "orders.process") // want `span "orders.process" is started from context.Background\(\), not from the trace context in msg's headers: the message's trace is broken here; extract it with otel.GetTextMapPropagator\(\).Extract over msg.Header and start the span from the result; NATS header keys are case-sensitive`
		defer span.End()
		handle(ctx, msg.Data)
	})
}

func queueSubscribe(nc *nats.Conn) (*nats.Subscription, error) {
	return nc.QueueSubscribe("orders", "workers", func(msg *nats.Msg) {
		_, span := tracer.Start(context.TODO(), "orders.process") // want `span "orders.process" is started from context.TODO\(\), not from the trace context in msg's headers`
		span.End()
	})
}

// The handler's loop context is not the message's.
func chanSubscribe(ctx context.Context, nc *nats.Conn) error {
	ch := make(chan *nats.Msg, 64)
	if _, err := nc.ChanSubscribe("orders", ch); err != nil {
		return err
	}
	for msg := range ch {
		mctx, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers`
		handle(mctx, msg.Data)
		span.End()
	}
	return nil
}

func chanQueueSubscribe(ctx context.Context, nc *nats.Conn) error {
	ch := make(chan *nats.Msg, 64)
	if _, err := nc.ChanQueueSubscribe("orders", "workers", ch); err != nil {
		return err
	}
	for {
		select {
		case msg := <-ch:
			_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers`
			span.End()
			msg.Ack()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func nextMsg(ctx context.Context, sub *nats.Subscription) error {
	msg, err := sub.NextMsg(time.Second)
	if err != nil {
		return err
	}
	_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers`
	span.End()
	msg.Ack()
	next, err := sub.NextMsgWithContext(ctx)
	if err != nil {
		return err
	}
	_, span2 := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in next's headers`
	span2.End()
	return next.Ack()
}

// A range over the iterator of a synchronous subscription.
func msgs(ctx context.Context, nc *nats.Conn) error {
	sub, err := nc.SubscribeSync("orders")
	if err != nil {
		return err
	}
	for msg, err := range sub.Msgs() {
		if err != nil {
			return err
		}
		_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers`
		span.End()
		msg.Ack()
	}
	for msg := range sub.MsgsTimeout(time.Second) {
		_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers`
		span.End()
		msg.Ack()
	}
	return nil
}

func legacyFetch(ctx context.Context, js nats.JetStreamContext) error {
	sub, err := js.PullSubscribe("orders", "workers")
	if err != nil {
		return err
	}
	msgs, err := sub.Fetch(10)
	if err != nil {
		return err
	}
	for _, msg := range msgs {
		_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers`
		span.End()
		msg.Ack()
	}
	return nil
}

func legacySubscribe(js nats.JetStreamContext) (*nats.Subscription, error) {
	return js.Subscribe("orders", func(msg *nats.Msg) {
		_, span := tracer.Start(context.Background(), "orders.process") // want `span "orders.process" is started from context.Background\(\), not from the trace context in msg's headers`
		span.End()
	})
}

func consume(ctx context.Context, cons jetstream.Consumer) (jetstream.ConsumeContext, error) {
	return cons.Consume(func(msg jetstream.Msg) {
		_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers: the message's trace is broken here; extract it with otel.GetTextMapPropagator\(\).Extract over msg.Headers\(\) and start the span from the result`
		span.End()
		msg.Ack()
	})
}

func messages(ctx context.Context, cons jetstream.Consumer) error {
	iter, err := cons.Messages()
	if err != nil {
		return err
	}
	defer iter.Stop()
	for {
		msg, err := iter.Next()
		if err != nil {
			return err
		}
		_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers`
		span.End()
		msg.Ack()
	}
}

func fetch(ctx context.Context, cons jetstream.Consumer) error {
	batch, err := cons.Fetch(10)
	if err != nil {
		return err
	}
	for msg := range batch.Messages() {
		_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers`
		span.End()
		msg.Ack()
	}
	one, err := cons.Next()
	if err != nil {
		return err
	}
	_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in one's headers`
	span.End()
	return one.Ack()
}

// Negatives.

func extracted(nc *nats.Conn) (*nats.Subscription, error) {
	return nc.Subscribe("orders", func(msg *nats.Msg) {
		ctx := otel.GetTextMapPropagator().Extract(context.Background(), propagation.HeaderCarrier(msg.Header))
		ctx, span := tracer.Start(ctx, "orders.process")
		defer span.End()
		handle(ctx, msg.Data)
	})
}

func extractedJetStream(cons jetstream.Consumer) (jetstream.ConsumeContext, error) {
	return cons.Consume(func(msg jetstream.Msg) {
		ctx := otel.GetTextMapPropagator().Extract(context.Background(), propagation.HeaderCarrier(msg.Headers()))
		_, span := tracer.Start(ctx, "orders.process")
		span.End()
	})
}

// A channel the program fills itself holds no received messages.
func ownChannel(ctx context.Context, out chan *nats.Msg) {
	for msg := range out {
		_, span := tracer.Start(ctx, "send")
		span.End()
		_ = msg
	}
}

// Package survey is a compile check of the NATS and RabbitMQ client APIs this
// module pins: every function calls one API with real arguments, so the
// module type-checks their shapes and go mod tidy keeps the requirements.
// Nothing here is meant to run; each function takes the connection, channel
// or consumer it needs as a parameter and only passes values along.
package survey

import (
	"context"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	amqp091 "github.com/rabbitmq/amqp091-go"
	"github.com/streadway/amqp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("survey")

// handle stands for the work done on a received message.
func handle(ctx context.Context, data []byte) {
	_, span := tracer.Start(ctx, "handle", trace.WithSpanKind(trace.SpanKindConsumer))
	defer span.End()
	_ = data
}

// ---------------------------------------------------------------------------
// nats.go core: *nats.Conn, *nats.Subscription, *nats.Msg
// ---------------------------------------------------------------------------

// NATSHeaderCarrier checks that a nats.Header converts to
// propagation.HeaderCarrier (both are map[string][]string).
func NATSHeaderCarrier(ctx context.Context, msg *nats.Msg) context.Context {
	if msg.Header == nil {
		msg.Header = nats.Header{}
	}
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header))
	return otel.GetTextMapPropagator().Extract(ctx, propagation.HeaderCarrier(msg.Header))
}

// NATSConnPublish calls (*nats.Conn).Publish(subj, data).
func NATSConnPublish(nc *nats.Conn) error {
	return nc.Publish("orders", []byte("payload"))
}

// NATSConnPublishMsg calls (*nats.Conn).PublishMsg(msg).
func NATSConnPublishMsg(ctx context.Context, nc *nats.Conn) error {
	msg := &nats.Msg{Subject: "orders", Data: []byte("payload"), Header: nats.Header{}}
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header))
	return nc.PublishMsg(msg)
}

// NATSConnPublishRequest calls (*nats.Conn).PublishRequest(subj, reply, data).
func NATSConnPublishRequest(nc *nats.Conn) error {
	return nc.PublishRequest("orders", "orders.reply", []byte("payload"))
}

// NATSConnRequest calls (*nats.Conn).Request(subj, data, timeout).
func NATSConnRequest(nc *nats.Conn) (*nats.Msg, error) {
	return nc.Request("orders", []byte("payload"), time.Second)
}

// NATSConnRequestMsg calls (*nats.Conn).RequestMsg(msg, timeout).
func NATSConnRequestMsg(nc *nats.Conn) (*nats.Msg, error) {
	return nc.RequestMsg(nats.NewMsg("orders"), time.Second)
}

// NATSConnRequestWithContext calls (*nats.Conn).RequestWithContext(ctx, subj, data).
func NATSConnRequestWithContext(ctx context.Context, nc *nats.Conn) (*nats.Msg, error) {
	return nc.RequestWithContext(ctx, "orders", []byte("payload"))
}

// NATSConnRequestMsgWithContext calls (*nats.Conn).RequestMsgWithContext(ctx, msg).
func NATSConnRequestMsgWithContext(ctx context.Context, nc *nats.Conn) (*nats.Msg, error) {
	return nc.RequestMsgWithContext(ctx, nats.NewMsg("orders"))
}

// NATSConnSubscribe calls (*nats.Conn).Subscribe(subj, cb) with a func literal
// as the nats.MsgHandler.
func NATSConnSubscribe(nc *nats.Conn) (*nats.Subscription, error) {
	return nc.Subscribe("orders", func(msg *nats.Msg) {
		handle(NATSHeaderCarrier(context.Background(), msg), msg.Data)
	})
}

// NATSConnQueueSubscribe calls (*nats.Conn).QueueSubscribe(subj, queue, cb)
// with a value of the named type nats.MsgHandler.
func NATSConnQueueSubscribe(nc *nats.Conn) (*nats.Subscription, error) {
	var cb nats.MsgHandler = func(msg *nats.Msg) { handle(context.Background(), msg.Data) }
	return nc.QueueSubscribe("orders", "workers", cb)
}

// NATSConnChanSubscribe calls (*nats.Conn).ChanSubscribe(subj, ch).
func NATSConnChanSubscribe(nc *nats.Conn) (*nats.Subscription, error) {
	ch := make(chan *nats.Msg, 64)
	sub, err := nc.ChanSubscribe("orders", ch)
	go func() {
		for msg := range ch {
			handle(context.Background(), msg.Data)
		}
	}()
	return sub, err
}

// NATSConnChanQueueSubscribe calls (*nats.Conn).ChanQueueSubscribe(subj, group, ch).
func NATSConnChanQueueSubscribe(nc *nats.Conn) (*nats.Subscription, error) {
	ch := make(chan *nats.Msg, 64)
	return nc.ChanQueueSubscribe("orders", "workers", ch)
}

// NATSConnSubscribeSyncNextMsg calls (*nats.Conn).SubscribeSync(subj) and
// (*nats.Subscription).NextMsg(timeout).
func NATSConnSubscribeSyncNextMsg(nc *nats.Conn) error {
	sub, err := nc.SubscribeSync("orders")
	if err != nil {
		return err
	}
	msg, err := sub.NextMsg(time.Second)
	if err != nil {
		return err
	}
	handle(context.Background(), msg.Data)
	return nil
}

// NATSSubscriptionNextMsgWithContext calls
// (*nats.Subscription).NextMsgWithContext(ctx).
func NATSSubscriptionNextMsgWithContext(ctx context.Context, sub *nats.Subscription) error {
	msg, err := sub.NextMsgWithContext(ctx)
	if err != nil {
		return err
	}
	handle(ctx, msg.Data)
	return nil
}

// NATSMsgRespond calls (*nats.Msg).Respond(data).
func NATSMsgRespond(msg *nats.Msg) error {
	return msg.Respond([]byte("reply"))
}

// NATSMsgRespondMsg calls (*nats.Msg).RespondMsg(msg).
func NATSMsgRespondMsg(msg *nats.Msg) error {
	return msg.RespondMsg(&nats.Msg{Data: []byte("reply"), Header: nats.Header{}})
}

// ---------------------------------------------------------------------------
// nats.go legacy JetStream: nats.JetStreamContext from (*nats.Conn).JetStream
// ---------------------------------------------------------------------------

// NATSJetStreamContext calls (*nats.Conn).JetStream().
func NATSJetStreamContext(nc *nats.Conn) (nats.JetStreamContext, error) {
	return nc.JetStream()
}

// NATSJSPublish calls nats.JetStream's Publish(subj, data, opts...).
func NATSJSPublish(js nats.JetStreamContext) (*nats.PubAck, error) {
	return js.Publish("orders", []byte("payload"), nats.MsgId("1"))
}

// NATSJSPublishMsg calls nats.JetStream's PublishMsg(msg, opts...).
func NATSJSPublishMsg(js nats.JetStreamContext) (*nats.PubAck, error) {
	return js.PublishMsg(nats.NewMsg("orders"))
}

// NATSJSPublishAsync calls nats.JetStream's PublishAsync(subj, data, opts...).
func NATSJSPublishAsync(js nats.JetStreamContext) (nats.PubAckFuture, error) {
	return js.PublishAsync("orders", []byte("payload"))
}

// NATSJSPublishMsgAsync calls nats.JetStream's PublishMsgAsync(msg, opts...).
func NATSJSPublishMsgAsync(js nats.JetStreamContext) (nats.PubAckFuture, error) {
	return js.PublishMsgAsync(nats.NewMsg("orders"))
}

// NATSJSSubscribe calls nats.JetStream's Subscribe(subj, cb, opts...).
func NATSJSSubscribe(js nats.JetStreamContext) (*nats.Subscription, error) {
	return js.Subscribe("orders", func(msg *nats.Msg) {
		handle(NATSHeaderCarrier(context.Background(), msg), msg.Data)
	}, nats.Durable("worker"))
}

// NATSJSQueueSubscribe calls nats.JetStream's QueueSubscribe(subj, queue, cb, opts...).
func NATSJSQueueSubscribe(js nats.JetStreamContext) (*nats.Subscription, error) {
	return js.QueueSubscribe("orders", "workers", func(msg *nats.Msg) {
		handle(context.Background(), msg.Data)
	})
}

// NATSJSChanSubscribe calls nats.JetStream's ChanSubscribe(subj, ch, opts...).
func NATSJSChanSubscribe(js nats.JetStreamContext) (*nats.Subscription, error) {
	ch := make(chan *nats.Msg, 64)
	return js.ChanSubscribe("orders", ch)
}

// NATSJSPullSubscribeFetch calls nats.JetStream's PullSubscribe(subj, durable,
// opts...) and (*nats.Subscription).Fetch(batch, opts...).
func NATSJSPullSubscribeFetch(ctx context.Context, js nats.JetStreamContext) error {
	sub, err := js.PullSubscribe("orders", "worker")
	if err != nil {
		return err
	}
	msgs, err := sub.Fetch(10, nats.Context(ctx))
	if err != nil {
		return err
	}
	for _, msg := range msgs {
		handle(NATSHeaderCarrier(ctx, msg), msg.Data)
	}
	return nil
}

// ---------------------------------------------------------------------------
// nats.go/jetstream (the new API): jetstream.JetStream, jetstream.Consumer
// ---------------------------------------------------------------------------

// NewJetStream calls jetstream.New(nc).
func NewJetStream(nc *nats.Conn) (jetstream.JetStream, error) {
	return jetstream.New(nc)
}

// JetStreamPublish calls jetstream.Publisher's Publish(ctx, subject, payload, opts...).
func JetStreamPublish(ctx context.Context, js jetstream.JetStream) (*jetstream.PubAck, error) {
	return js.Publish(ctx, "orders", []byte("payload"), jetstream.WithMsgID("1"))
}

// JetStreamPublishMsg calls jetstream.Publisher's PublishMsg(ctx, msg, opts...).
func JetStreamPublishMsg(ctx context.Context, js jetstream.JetStream) (*jetstream.PubAck, error) {
	msg := &nats.Msg{Subject: "orders", Data: []byte("payload"), Header: nats.Header{}}
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header))
	return js.PublishMsg(ctx, msg)
}

// JetStreamPublishAsync calls jetstream.Publisher's PublishAsync(subject, payload, opts...).
func JetStreamPublishAsync(js jetstream.JetStream) (jetstream.PubAckFuture, error) {
	return js.PublishAsync("orders", []byte("payload"))
}

// JetStreamPublishMsgAsync calls jetstream.Publisher's PublishMsgAsync(msg, opts...).
func JetStreamPublishMsgAsync(js jetstream.JetStream) (jetstream.PubAckFuture, error) {
	return js.PublishMsgAsync(nats.NewMsg("orders"))
}

// JetStreamMsgHeaders reads jetstream.Msg's Headers() as a carrier.
func JetStreamMsgHeaders(ctx context.Context, msg jetstream.Msg) context.Context {
	return otel.GetTextMapPropagator().Extract(ctx, propagation.HeaderCarrier(msg.Headers()))
}

// JetStreamConsumerLookup calls jetstream.StreamConsumerManager's Consumer(ctx, stream, name).
func JetStreamConsumerLookup(ctx context.Context, js jetstream.JetStream) (jetstream.Consumer, error) {
	return js.Consumer(ctx, "ORDERS", "worker")
}

// JetStreamConsumerConsume calls jetstream.Consumer's Consume(handler, opts...)
// with a func literal as the jetstream.MessageHandler.
func JetStreamConsumerConsume(cons jetstream.Consumer) (jetstream.ConsumeContext, error) {
	return cons.Consume(func(msg jetstream.Msg) {
		handle(JetStreamMsgHeaders(context.Background(), msg), msg.Data())
		_ = msg.Ack()
	})
}

// JetStreamConsumerMessagesNext calls jetstream.Consumer's Messages(opts...)
// and jetstream.MessagesContext's Next(opts...).
func JetStreamConsumerMessagesNext(cons jetstream.Consumer) error {
	it, err := cons.Messages()
	if err != nil {
		return err
	}
	defer it.Stop()
	msg, err := it.Next()
	if err != nil {
		return err
	}
	handle(JetStreamMsgHeaders(context.Background(), msg), msg.Data())
	return msg.Ack()
}

// JetStreamConsumerFetch calls jetstream.Consumer's Fetch(batch, opts...) and
// ranges over jetstream.MessageBatch's Messages() channel.
func JetStreamConsumerFetch(cons jetstream.Consumer) error {
	batch, err := cons.Fetch(10, jetstream.FetchMaxWait(time.Second))
	if err != nil {
		return err
	}
	for msg := range batch.Messages() {
		handle(JetStreamMsgHeaders(context.Background(), msg), msg.Data())
	}
	return batch.Error()
}

// JetStreamConsumerNext calls jetstream.Consumer's Next(opts...).
func JetStreamConsumerNext(cons jetstream.Consumer) error {
	msg, err := cons.Next()
	if err != nil {
		return err
	}
	handle(JetStreamMsgHeaders(context.Background(), msg), msg.Data())
	return msg.Ack()
}

// JetStreamPushConsumerConsume calls jetstream.StreamConsumerManager's
// PushConsumer(ctx, stream, name) and jetstream.PushConsumer's
// Consume(handler, opts...), a method distinct from jetstream.Consumer's.
func JetStreamPushConsumerConsume(ctx context.Context, js jetstream.JetStream) (jetstream.ConsumeContext, error) {
	cons, err := js.PushConsumer(ctx, "ORDERS", "pusher")
	if err != nil {
		return nil, err
	}
	return cons.Consume(func(msg jetstream.Msg) {
		handle(JetStreamMsgHeaders(ctx, msg), msg.Data())
	})
}

// ---------------------------------------------------------------------------
// github.com/rabbitmq/amqp091-go: *amqp091.Channel
// ---------------------------------------------------------------------------

func amqp091Publishing() amqp091.Publishing {
	return amqp091.Publishing{
		ContentType: "text/plain",
		Headers:     amqp091.Table{},
		Body:        []byte("payload"),
	}
}

// AMQP091Publish calls (*amqp091.Channel).Publish(exchange, key, mandatory, immediate, msg).
func AMQP091Publish(ch *amqp091.Channel) error {
	return ch.Publish("orders", "created", false, false, amqp091Publishing())
}

// AMQP091PublishWithContext calls (*amqp091.Channel).PublishWithContext(ctx,
// exchange, key, mandatory, immediate, msg).
func AMQP091PublishWithContext(ctx context.Context, ch *amqp091.Channel) error {
	return ch.PublishWithContext(ctx, "orders", "created", false, false, amqp091Publishing())
}

// AMQP091PublishWithDeferredConfirm calls
// (*amqp091.Channel).PublishWithDeferredConfirm(exchange, key, mandatory, immediate, msg).
func AMQP091PublishWithDeferredConfirm(ch *amqp091.Channel) (*amqp091.DeferredConfirmation, error) {
	return ch.PublishWithDeferredConfirm("orders", "created", false, false, amqp091Publishing())
}

// AMQP091PublishWithDeferredConfirmWithContext calls
// (*amqp091.Channel).PublishWithDeferredConfirmWithContext(ctx, exchange, key,
// mandatory, immediate, msg).
func AMQP091PublishWithDeferredConfirmWithContext(ctx context.Context, ch *amqp091.Channel) (*amqp091.DeferredConfirmation, error) {
	return ch.PublishWithDeferredConfirmWithContext(ctx, "orders", "created", false, false, amqp091Publishing())
}

// AMQP091Consume calls (*amqp091.Channel).Consume(queue, consumer, autoAck,
// exclusive, noLocal, noWait, args) and ranges over the deliveries.
func AMQP091Consume(ch *amqp091.Channel) error {
	deliveries, err := ch.Consume("orders", "worker", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range deliveries {
		_ = d.Headers // amqp091.Table
		handle(context.Background(), d.Body)
		_ = d.Ack(false)
	}
	return nil
}

// AMQP091ConsumeWithContext calls (*amqp091.Channel).ConsumeWithContext(ctx,
// queue, consumer, autoAck, exclusive, noLocal, noWait, args) and ranges over
// the deliveries.
func AMQP091ConsumeWithContext(ctx context.Context, ch *amqp091.Channel) error {
	deliveries, err := ch.ConsumeWithContext(ctx, "orders", "worker", false, false, false, false, amqp091.Table{})
	if err != nil {
		return err
	}
	for d := range deliveries {
		var headers amqp091.Table = d.Headers
		_ = headers
		handle(ctx, d.Body)
		_ = d.Ack(false)
	}
	return nil
}

// AMQP091Get calls (*amqp091.Channel).Get(queue, autoAck).
func AMQP091Get(ch *amqp091.Channel) error {
	d, ok, err := ch.Get("orders", false)
	if err != nil || !ok {
		return err
	}
	_ = d.Headers
	handle(context.Background(), d.Body)
	return d.Ack(false)
}

// ---------------------------------------------------------------------------
// github.com/streadway/amqp: *amqp.Channel (no context variants, no deferred
// confirms in v1.1.0)
// ---------------------------------------------------------------------------

// StreadwayPublish calls (*amqp.Channel).Publish(exchange, key, mandatory, immediate, msg).
func StreadwayPublish(ch *amqp.Channel) error {
	return ch.Publish("orders", "created", false, false, amqp.Publishing{
		ContentType: "text/plain",
		Headers:     amqp.Table{},
		Body:        []byte("payload"),
	})
}

// StreadwayConsume calls (*amqp.Channel).Consume(queue, consumer, autoAck,
// exclusive, noLocal, noWait, args) and ranges over the deliveries.
func StreadwayConsume(ch *amqp.Channel) error {
	deliveries, err := ch.Consume("orders", "worker", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range deliveries {
		var headers amqp.Table = d.Headers
		_ = headers
		handle(context.Background(), d.Body)
		_ = d.Ack(false)
	}
	return nil
}

// StreadwayGet calls (*amqp.Channel).Get(queue, autoAck).
func StreadwayGet(ch *amqp.Channel) error {
	d, ok, err := ch.Get("orders", false)
	if err != nil || !ok {
		return err
	}
	_ = d.Headers
	handle(context.Background(), d.Body)
	return d.Ack(false)
}

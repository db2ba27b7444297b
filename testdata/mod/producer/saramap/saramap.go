// Package saramap holds producerinject cases for github.com/IBM/sarama.
package saramap

import (
	"context"
	"net/http"
	"time"

	"github.com/IBM/sarama"
	"github.com/dnwe/otelsarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// kafkaHeaderCarrier is the classic hand-written carrier over the headers.
type kafkaHeaderCarrier []sarama.RecordHeader

func (c *kafkaHeaderCarrier) Get(key string) string {
	for _, h := range *c {
		if string(h.Key) == key {
			return string(h.Value)
		}
	}
	return ""
}

func (c *kafkaHeaderCarrier) Set(key, value string) {
	*c = append(*c, sarama.RecordHeader{Key: []byte(key), Value: []byte(value)})
}

func (c *kafkaHeaderCarrier) Keys() []string {
	var keys []string
	for _, h := range *c {
		keys = append(keys, string(h.Key))
	}
	return keys
}

// messageCarrier is a carrier over the whole message.
type messageCarrier struct{ msg *sarama.ProducerMessage }

func (c messageCarrier) Get(string) string { return "" }
func (c messageCarrier) Set(key, value string) {
	c.msg.Headers = append(c.msg.Headers, sarama.RecordHeader{Key: []byte(key), Value: []byte(value)})
}
func (c messageCarrier) Keys() []string { return nil }

type Publisher struct {
	sp      sarama.SyncProducer
	ap      sarama.AsyncProducer
	tracing bool
}

// --- positives ---

func (p *Publisher) PlaceOrder(ctx context.Context, id string) error {
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.StringEncoder(id)}
	_, _, err := p.sp.SendMessage(msg) // want `sarama SyncProducer.SendMessage sends msg without injected trace context: the consumer will start a new trace; inject ctx into the headers`
	return err
}

func (p *Publisher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, _, err := p.sp.SendMessage(&sarama.ProducerMessage{Topic: "orders"}); err != nil { // want `SendMessage sends a message without injected trace context.*inject r.Context\(\) into the headers`
		w.WriteHeader(http.StatusInternalServerError)
	}
}

func (p *Publisher) Async(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	p.ap.Input() <- msg // want `msg is sent on sarama AsyncProducer.Input\(\) without injected trace context`
}

func (p *Publisher) AsyncThroughVariable(ctx context.Context, ids []string) {
	in := p.ap.Input()
	for _, id := range ids {
		m := &sarama.ProducerMessage{Topic: "orders", Key: sarama.StringEncoder(id)}
		in <- m // want `m is sent on sarama AsyncProducer.Input\(\) without`
	}
}

func (p *Publisher) AsyncSelect(ctx context.Context) error {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	select {
	case p.ap.Input() <- msg: // want `msg is sent on sarama AsyncProducer.Input\(\) without`
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

func (p *Publisher) Batch(ctx context.Context, ids []string) error {
	var msgs []*sarama.ProducerMessage
	for _, id := range ids {
		msgs = append(msgs, &sarama.ProducerMessage{Topic: "orders", Value: sarama.StringEncoder(id)})
	}
	return p.sp.SendMessages(msgs) // want `sarama SyncProducer.SendMessages sends messages of msgs without injected trace context`
}

// Transactional producers send through the same interface.
func (p *Publisher) Transactional(ctx context.Context) error {
	if err := p.sp.BeginTxn(); err != nil {
		return err
	}
	var msg sarama.ProducerMessage
	msg.Topic = "orders"
	if _, _, err := p.sp.SendMessage(&msg); err != nil { // want `SendMessage sends msg without`
		return p.sp.AbortTxn()
	}
	return p.sp.CommitTxn()
}

// The producer held in an embedded field counts too.
type embedded struct{ sarama.SyncProducer }

func (e embedded) Publish(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	e.SendMessage(msg) // want `SendMessage sends msg without`
}

// A MapCarrier injected but never copied into the headers is not injection.
func (p *Publisher) MapCarrierNotCopied(ctx context.Context) {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	msg := &sarama.ProducerMessage{Topic: "orders"}
	p.sp.SendMessage(msg) // want `SendMessage sends msg without`
}

// Sending the same message twice is one finding: the fix before the first
// send covers both.
func (p *Publisher) Retry(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	if _, _, err := p.sp.SendMessage(msg); err != nil { // want `SendMessage sends msg without`
		p.sp.SendMessage(msg)
	}
}

// A name the fix would use is taken: it picks another.
func (p *Publisher) NameClash(ctx context.Context, carrier string) {
	k, v := 1, 2
	_, _ = k, v
	msg := &sarama.ProducerMessage{Topic: carrier}
	p.sp.SendMessage(msg) // want `SendMessage sends msg without`
}

// A context captured by a closure is at hand.
func (p *Publisher) Closure(ctx context.Context) func() {
	return func() {
		msg := &sarama.ProducerMessage{Topic: "orders"}
		p.sp.SendMessage(msg) // want `SendMessage sends msg without`
	}
}

// --- negatives ---

func (p *Publisher) CustomCarrier(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	otel.GetTextMapPropagator().Inject(ctx, (*kafkaHeaderCarrier)(&msg.Headers))
	p.sp.SendMessage(msg)
}

func (p *Publisher) MessageCarrier(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	otel.GetTextMapPropagator().Inject(ctx, messageCarrier{msg: msg})
	p.ap.Input() <- msg
}

func (p *Publisher) InstrumentationCarrier(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	propagation.TraceContext{}.Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
	p.sp.SendMessage(msg)
}

func (p *Publisher) MapCarrierCopied(ctx context.Context) {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	msg := &sarama.ProducerMessage{Topic: "orders"}
	for k, v := range carrier {
		msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: []byte(k), Value: []byte(v)})
	}
	p.sp.SendMessage(msg)
}

func (p *Publisher) MapCarrierIntoLiteral(ctx context.Context) {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	var headers []sarama.RecordHeader
	for _, k := range carrier.Keys() {
		headers = append(headers, sarama.RecordHeader{Key: []byte(k), Value: []byte(carrier.Get(k))})
	}
	p.sp.SendMessage(&sarama.ProducerMessage{Topic: "orders", Headers: headers})
}

func (p *Publisher) Conditional(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	if p.tracing {
		otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
	}
	p.sp.SendMessage(msg)
}

func (p *Publisher) ByHand(ctx context.Context, traceparent string) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	msg.Headers = append(msg.Headers, sarama.RecordHeader{Key: []byte("traceparent"), Value: []byte(traceparent)})
	p.sp.SendMessage(msg)
}

func (p *Publisher) ByHandLiteral(ctx context.Context, tp string) {
	p.sp.SendMessage(&sarama.ProducerMessage{Topic: "orders", Headers: []sarama.RecordHeader{{Key: []byte("traceparent"), Value: []byte(tp)}}})
}

func (p *Publisher) BatchInjected(ctx context.Context, ids []string) error {
	msgs := make([]*sarama.ProducerMessage, 0, len(ids))
	for _, id := range ids {
		msgs = append(msgs, &sarama.ProducerMessage{Topic: "orders", Value: sarama.StringEncoder(id)})
	}
	for _, m := range msgs {
		otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(m))
	}
	return p.sp.SendMessages(msgs)
}

func (p *Publisher) BatchOfInjected(ctx context.Context) error {
	a := &sarama.ProducerMessage{Topic: "orders"}
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(a))
	return p.sp.SendMessages([]*sarama.ProducerMessage{a})
}

// No context at hand: nothing to propagate.
func (p *Publisher) Startup() {
	p.sp.SendMessage(&sarama.ProducerMessage{Topic: "startup"})
}

// Only an empty context at hand: nothing to propagate.
func (p *Publisher) Background() {
	ctx := context.Background()
	_ = ctx
	p.sp.SendMessage(&sarama.ProducerMessage{Topic: "startup"})
}

// An empty context with only a deadline or cancellation added carries no
// trace either.
func (p *Publisher) BackgroundTimeout() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	detached := context.WithoutCancel(ctx)
	p.sp.SendMessage(&sarama.ProducerMessage{Topic: "startup"})
	_ = detached
}

// An empty context that later gets a deadline of its own, redeclared
// (ctx, cancel := context.WithTimeout(ctx, d)): still empty (found in
// Pub/Sub's own tests, issue 19).
func (p *Publisher) BackgroundRetimed() {
	ctx := context.Background()
	p.sp.SendMessage(&sarama.ProducerMessage{Topic: "startup"})
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_ = ctx
}

// A deadline added to a context that may carry a trace keeps the trace.
func (p *Publisher) Timeout(ctx context.Context) {
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	p.sp.SendMessage(&sarama.ProducerMessage{Topic: "orders"}) // want `sarama SyncProducer.SendMessage sends a message without injected trace context: the consumer will start a new trace; inject tctx into the headers`
	_ = tctx
}

// A message parameter may be injected by the caller.
func (p *Publisher) Forward(ctx context.Context, msg *sarama.ProducerMessage) {
	p.sp.SendMessage(msg)
}

// A message built by another function may be injected there.
func (p *Publisher) Built(ctx context.Context) {
	msg := newMessage(ctx)
	p.sp.SendMessage(msg)
}

func newMessage(ctx context.Context) *sarama.ProducerMessage {
	m := &sarama.ProducerMessage{Topic: "orders"}
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(m))
	return m
}

// A helper given the context and the message may inject.
func (p *Publisher) Helper(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	decorate(ctx, msg)
	p.sp.SendMessage(msg)
}

func decorate(ctx context.Context, msg *sarama.ProducerMessage) {
	otel.GetTextMapPropagator().Inject(ctx, otelsarama.NewProducerMessageCarrier(msg))
}

// Headers built by a helper given the context may carry it.
func (p *Publisher) HeadersHelper(ctx context.Context) {
	p.sp.SendMessage(&sarama.ProducerMessage{Topic: "orders", Headers: headersFrom(ctx)})
}

func headersFrom(ctx context.Context) []sarama.RecordHeader {
	c := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, c)
	var hs []sarama.RecordHeader
	for k, v := range c {
		hs = append(hs, sarama.RecordHeader{Key: []byte(k), Value: []byte(v)})
	}
	return hs
}

// Package publisher is the common break: a publisher package of a traced
// service. Tracing is set up in main and in the HTTP middleware, the module
// requires OpenTelemetry directly (testdata/mod/go.mod), and this package
// imports none of it: it only passes the request's ctx along. In default
// mode a send with a context from the caller at hand is a finding, and the
// fix imports OpenTelemetry, which the module already requires.
package publisher

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/IBM/sarama"
)

type Order struct{ ID string }

type Publisher struct {
	sp  sarama.SyncProducer
	ctx context.Context // a long-lived context set in main
}

// --- positives: a context from the caller is at hand ---

func (p *Publisher) OrderPlaced(ctx context.Context, o Order) error {
	body, _ := json.Marshal(o)
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.ByteEncoder(body)}
	_, _, err := p.sp.SendMessage(msg) // want `sarama SyncProducer.SendMessage sends msg without injected trace context: the consumer will start a new trace; inject ctx into the headers with otel.GetTextMapPropagator\(\).Inject before sending`
	return err
}

func (p *Publisher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	if _, _, err := p.sp.SendMessage(msg); err != nil { // want `SendMessage sends msg without injected trace context.*inject r.Context\(\) into the headers`
		w.WriteHeader(http.StatusInternalServerError)
	}
}

// A context derived from the caller's, with a deadline.
func (p *Publisher) WithDeadline(ctx context.Context, o Order) error {
	sendCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	msg := &sarama.ProducerMessage{Topic: "orders", Value: sarama.StringEncoder(o.ID)}
	_, _, err := p.sp.SendMessage(msg) // want `SendMessage sends msg without injected trace context.*inject sendCtx into the headers`
	_ = sendCtx
	return err
}

// --- negatives: no context from the caller ---

// No context at hand: strict mode only.
func (p *Publisher) NoContext(o Order) error {
	_, _, err := p.sp.SendMessage(&sarama.ProducerMessage{Topic: "orders", Value: sarama.StringEncoder(o.ID)})
	return err
}

// A context made here from an empty one carries no request's trace.
func (p *Publisher) Background(o Order) error {
	ctx := context.WithValue(context.Background(), ctxKey{}, o.ID)
	_, _, err := p.sp.SendMessage(&sarama.ProducerMessage{Topic: "orders", Value: sarama.StringEncoder(o.ID)})
	_ = ctx
	return err
}

// A long-lived context held in a field is not the caller's request.
func (p *Publisher) FromField(o Order) error {
	ctx := p.ctx
	_, _, err := p.sp.SendMessage(&sarama.ProducerMessage{Topic: "orders", Value: sarama.StringEncoder(o.ID)})
	_ = ctx
	return err
}

type ctxKey struct{}

// Package natsp: every NATS send form, core, legacy JetStream and the
// jetstream package, with and without injected trace context.
package natsp

import (
	"context"
	"encoding/json"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// Positives: messages with headers, sent without injection.

func publishMsg(ctx context.Context, nc *nats.Conn, data []byte) error {
	msg := &nats.Msg{Subject: "orders", Data: data}
	return nc.PublishMsg(msg) // want `nats Conn.PublishMsg sends msg without injected trace context: the consumer will start a new trace; inject ctx into the headers with otel.GetTextMapPropagator\(\).Inject before sending`
}

func publishLiteral(ctx context.Context, nc *nats.Conn, data []byte) error {
	return nc.PublishMsg(&nats.Msg{Subject: "orders", Data: data}) // want `nats Conn.PublishMsg sends a message without injected trace context`
}

func requestMsg(ctx context.Context, nc *nats.Conn, data []byte) (*nats.Msg, error) {
	msg := nats.NewMsg("orders.get")
	msg.Data = data
	return nc.RequestMsg(msg, time.Second) // want `nats Conn.RequestMsg sends msg without injected trace context`
}

func requestMsgWithContext(ctx context.Context, nc *nats.Conn, data []byte) (*nats.Msg, error) {
	msg := &nats.Msg{Subject: "orders.get", Data: data, Header: nats.Header{"Tenant": []string{"a"}}}
	return nc.RequestMsgWithContext(ctx, msg) // want `nats Conn.RequestMsgWithContext sends msg without injected trace context`
}

func legacyJetStream(ctx context.Context, js nats.JetStreamContext, data []byte) error {
	msg := &nats.Msg{Subject: "orders", Data: data}
	if _, err := js.PublishMsg(msg); err != nil { // want `nats JetStream.PublishMsg sends msg without injected trace context`
		return err
	}
	async := &nats.Msg{Subject: "orders", Data: data}
	_, err := js.PublishMsgAsync(async, nats.MsgId("1")) // want `nats JetStream.PublishMsgAsync sends async without injected trace context`
	return err
}

func newJetStream(ctx context.Context, js jetstream.JetStream, data []byte) error {
	msg := &nats.Msg{Subject: "orders", Data: data}
	if _, err := js.PublishMsg(ctx, msg); err != nil { // want `jetstream Publisher.PublishMsg sends msg without injected trace context`
		return err
	}
	async := &nats.Msg{Subject: "orders", Data: data}
	_, err := js.PublishMsgAsync(async) // want `jetstream Publisher.PublishMsgAsync sends async without injected trace context`
	return err
}

// A request handler is a consumer first; its reply is a send.
func replies(nc *nats.Conn) {
	nc.Subscribe("orders.get", func(req *nats.Msg) {
		ctx := otel.GetTextMapPropagator().Extract(context.Background(), propagation.HeaderCarrier(req.Header))
		reply := &nats.Msg{Data: []byte("ok")}
		_ = ctx
		req.RespondMsg(reply) // want `nats Msg.RespondMsg sends reply without injected trace context`
	})
}

// Sends that cannot carry headers, with a context at hand.

func publish(ctx context.Context, nc *nats.Conn, data []byte) error {
	return nc.Publish("orders", data) // want `nats Conn.Publish cannot carry headers, so the trace context in ctx cannot cross it: the consumer will start a new trace; build a \*nats.Msg, inject ctx into its Header and send it with PublishMsg`
}

func publishRequest(ctx context.Context, nc *nats.Conn, data []byte) error {
	err := nc.PublishRequest("orders", "replies", data) // want `nats Conn.PublishRequest cannot carry headers`
	return err
}

func request(ctx context.Context, nc *nats.Conn, data []byte) ([]byte, error) {
	resp, err := nc.Request("orders.get", data, 2*time.Second) // want `nats Conn.Request cannot carry headers`
	if err != nil {
		return nil, err
	}
	return resp.Data, nil
}

func requestWithContext(ctx context.Context, nc *nats.Conn, data []byte) (*nats.Msg, error) {
	return nc.RequestWithContext(ctx, "orders.get", data) // want `nats Conn.RequestWithContext cannot carry headers`
}

func respond(nc *nats.Conn) {
	nc.Subscribe("orders.get", func(req *nats.Msg) {
		ctx := otel.GetTextMapPropagator().Extract(context.Background(), propagation.HeaderCarrier(req.Header))
		_ = ctx
		req.Respond([]byte("ok")) // want `nats Msg.Respond cannot carry headers`
	})
}

func legacyPublish(ctx context.Context, js nats.JetStreamContext, data []byte) error {
	if _, err := js.Publish("orders", data, nats.MsgId("1")); err != nil { // want `nats JetStream.Publish cannot carry headers`
		return err
	}
	_, err := js.PublishAsync("orders", data) // want `nats JetStream.PublishAsync cannot carry headers`
	return err
}

func jetstreamPublish(ctx context.Context, js jetstream.JetStream, data []byte, opts ...jetstream.PublishOpt) error {
	if _, err := js.Publish(ctx, "orders", data, opts...); err != nil { // want `jetstream Publisher.Publish cannot carry headers`
		return err
	}
	_, err := js.PublishAsync("orders", data) // want `jetstream Publisher.PublishAsync cannot carry headers`
	return err
}

// A program's own interface over jetstream's Publish: reported, with no
// fix, since the interface has no PublishMsg to call instead.
type publisher interface {
	Publish(ctx context.Context, subject string, payload []byte, opts ...jetstream.PublishOpt) (*jetstream.PubAck, error)
}

func viaInterface(ctx context.Context, p publisher, data []byte) error {
	_, err := p.Publish(ctx, "orders", data) // want `jetstream Publisher.Publish cannot carry headers`
	return err
}

// Negatives.

// The trace context travels in the payload: an envelope holding the
// injected carrier.
func envelope(ctx context.Context, nc *nats.Conn, order []byte) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	data, err := json.Marshal(struct {
		Trace map[string]string
		Order []byte
	}{carrier, order})
	if err != nil {
		return err
	}
	return nc.Publish("orders", data)
}

func injected(ctx context.Context, nc *nats.Conn, data []byte) error {
	msg := &nats.Msg{Subject: "orders", Data: data, Header: nats.Header{}}
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header))
	return nc.PublishMsg(msg)
}

func injectedNewMsg(ctx context.Context, js jetstream.JetStream, data []byte) error {
	msg := nats.NewMsg("orders")
	msg.Data = data
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header))
	_, err := js.PublishMsg(ctx, msg)
	return err
}

func injectedThroughVar(ctx context.Context, nc *nats.Conn, data []byte) error {
	msg := &nats.Msg{Subject: "orders", Data: data, Header: make(nats.Header)}
	carrier := propagation.HeaderCarrier(msg.Header)
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	return nc.PublishMsg(msg)
}

func copied(ctx context.Context, nc *nats.Conn, data []byte) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	msg := &nats.Msg{Subject: "orders", Data: data, Header: nats.Header{}}
	for k, v := range carrier {
		msg.Header.Set(k, v)
	}
	return nc.PublishMsg(msg)
}

func forwarded(nc *nats.Conn) {
	nc.Subscribe("in", func(in *nats.Msg) {
		ctx := otel.GetTextMapPropagator().Extract(context.Background(), propagation.HeaderCarrier(in.Header))
		_ = ctx
		out := &nats.Msg{Subject: "out", Data: in.Data, Header: in.Header}
		nc.PublishMsg(out)
	})
}

// No context at hand: nothing to propagate.
func noContext(nc *nats.Conn, data []byte) error {
	if err := nc.Publish("orders", data); err != nil {
		return err
	}
	return nc.PublishMsg(&nats.Msg{Subject: "orders", Data: data})
}

func backgroundOnly(nc *nats.Conn, data []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := nc.RequestWithContext(ctx, "orders.get", data)
	return err
}

// A local carrier over the message's own header map, made before the
// message has its other fields, injected before a request.
func requestInjectedLocal(ctx context.Context, nc *nats.Conn, data []byte) (*nats.Msg, error) {
	msg := nats.NewMsg("orders.get")
	msg.Data = data
	hdr := propagation.HeaderCarrier(msg.Header)
	otel.GetTextMapPropagator().Inject(ctx, hdr)
	return nc.RequestMsgWithContext(ctx, msg)
}

// A header map made first, a carrier over it injected, then the map
// becomes the message's headers: the carrier and the headers are one map.
func requestInjectedHeaderFirst(ctx context.Context, nc *nats.Conn, data []byte) (*nats.Msg, error) {
	h := nats.Header{}
	hdr := propagation.HeaderCarrier(h)
	otel.GetTextMapPropagator().Inject(ctx, hdr)
	return nc.RequestMsgWithContext(ctx, &nats.Msg{Subject: "orders.get", Data: data, Header: h})
}

// The same map given to the message before the injection fills it.
func requestInjectedHeaderBefore(ctx context.Context, nc *nats.Conn, data []byte) (*nats.Msg, error) {
	h := nats.Header{}
	msg := &nats.Msg{Subject: "orders.get", Data: data, Header: h}
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(h))
	return nc.RequestMsgWithContext(ctx, msg)
}

// A carrier made first and converted into the literal.
func requestCarrierConverted(ctx context.Context, nc *nats.Conn, data []byte) (*nats.Msg, error) {
	hdr := propagation.HeaderCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, hdr)
	return nc.RequestMsgWithContext(ctx, &nats.Msg{Subject: "orders.get", Data: data, Header: nats.Header(hdr)})
}

// The headers are copied from the carrier entry by entry before the
// injection fills it.
func requestCopiedBeforeInject(ctx context.Context, nc *nats.Conn, data []byte) (*nats.Msg, error) {
	hdr := propagation.HeaderCarrier{}
	msg := &nats.Msg{Subject: "orders.get", Data: data, Header: nats.Header{}}
	for k, v := range hdr {
		msg.Header[k] = v
	}
	otel.GetTextMapPropagator().Inject(ctx, hdr)
	return nc.RequestMsgWithContext(ctx, msg) // want `nats Conn.RequestMsgWithContext sends msg without injected trace context`
}

// Package orders publishes on the in-house bus (tracewire.json's
// "inhouse"): producerinject judges its sends as it judges a Kafka
// client's.
package orders

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"example.com/inhouse/bus"
	"example.com/inhouse/relay"
)

// Service places orders.
type Service struct {
	bus    *bus.Client
	traced *bus.TracedClient
	relay  *relay.Relay
}

// --- positives ---

func (s *Service) Place(ctx context.Context, id string) error {
	m := &bus.Message{Topic: "orders", Key: id, Value: []byte(id)}
	return s.bus.Publish(ctx, m) // want `inhouse Client.Publish sends m without injected trace context: the consumer will start a new trace; inject ctx into the headers with otel.GetTextMapPropagator\(\).Inject before sending`
}

func (s *Service) PlaceAll(ctx context.Context, ids []string) error {
	var ms []*bus.Message
	for _, id := range ids {
		m := &bus.Message{Topic: "orders", Key: id}
		ms = append(ms, m)
	}
	return s.bus.PublishBatch(ctx, ms) // want `inhouse Client.PublishBatch sends messages of ms without injected trace context`
}

// A traced client's send given an empty context injects an empty trace
// context.
func (s *Service) PlaceTraced(ctx context.Context, id string) error {
	m := &bus.Message{Topic: "orders", Key: id}
	return s.traced.Publish(context.Background(), m) // want `inhouse TracedClient.Publish is given context.Background\(\), so inhouse's TracedClient.Publish injects an empty trace context: the consumer will start a new trace; pass ctx`
}

// Judged through relay's facts: Forward sends its message as it is.
func (s *Service) Audit(ctx context.Context, id string) error {
	m := relay.NewAudit(id)
	return s.relay.Forward(ctx, m) // want `Forward sends m \(with inhouse Client.Publish\) without injected trace context`
}

// --- negatives ---

// The bus's own injector.
func (s *Service) PlaceInjected(ctx context.Context, id string) error {
	m := &bus.Message{Topic: "orders", Key: id}
	bus.Inject(ctx, m)
	return s.bus.Publish(ctx, m)
}

// OpenTelemetry's propagator over the headers.
// A header map made first, injected through a MapCarrier over it, then
// given to the message: the carrier and the headers are one map.
func (s *Service) PlaceMapFirst(ctx context.Context, id string) error {
	h := map[string]string{}
	otel.GetTextMapPropagator().Inject(ctx, propagation.MapCarrier(h))
	return s.bus.Publish(ctx, &bus.Message{Topic: "orders", Key: id, Headers: h})
}

func (s *Service) PlacePropagated(ctx context.Context, id string) error {
	m := &bus.Message{Topic: "orders", Key: id, Headers: map[string]string{}}
	otel.GetTextMapPropagator().Inject(ctx, propagation.MapCarrier(m.Headers))
	return s.bus.Publish(ctx, m)
}

// The traced client injects ctx.
func (s *Service) PlaceTracedCtx(ctx context.Context, id string) error {
	return s.traced.Publish(ctx, &bus.Message{Topic: "orders", Key: id})
}

// A constructor that injects, and a helper that injects before sending.
func (s *Service) PlaceRelayed(ctx context.Context, id string) error {
	if err := s.bus.Publish(ctx, relay.NewOrder(ctx, id)); err != nil {
		return err
	}
	return s.relay.ForwardTraced(ctx, relay.NewAudit(id))
}

// No context at hand: strict mode only.
func (s *Service) Replay(id string) error {
	return s.bus.Publish(context.Background(), &bus.Message{Topic: "orders", Key: id})
}

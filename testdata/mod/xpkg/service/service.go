// Package service is the downstream end of the cross-package chain for
// producerinject: findings depend on the facts of events and tracing.
package service

import (
	"context"

	"github.com/IBM/sarama"

	"example.com/tw/xpkg/events"
	"example.com/tw/xpkg/hdrs"
	"example.com/tw/xpkg/tracing"
)

type Service struct {
	pub *events.Publisher
	sp  sarama.SyncProducer
}

// --- positives ---

func (s *Service) Cancel(ctx context.Context, id string) error {
	msg := events.NewOrderCancelled(id)
	return s.pub.Publish(msg) // want `Publish sends msg \(with sarama SyncProducer.SendMessage\) without injected trace context`
}

func (s *Service) CancelInline(ctx context.Context, id string) error {
	return s.pub.Publish(events.NewOrderCancelled(id)) // want `Publish sends events.NewOrderCancelled\(id\) \(with sarama SyncProducer.SendMessage\) without`
}

func (s *Service) Direct(ctx context.Context, id string) {
	s.sp.SendMessage(events.NewOrderCancelled(id)) // want `SendMessage sends events.NewOrderCancelled\(id\) without`
}

func (s *Service) Batch(ctx context.Context, ids []string) error {
	var msgs []*sarama.ProducerMessage
	for _, id := range ids {
		msgs = append(msgs, &sarama.ProducerMessage{Topic: "orders", Value: sarama.StringEncoder(id)})
	}
	return s.pub.PublishBatch(msgs) // want `PublishBatch sends messages of msgs \(with sarama SyncProducer.SendMessages\) without`
}

func (s *Service) Generic(ctx context.Context) int {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	return events.Forward(1, s.sp, msg) // want `Forward sends msg \(with sarama SyncProducer.SendMessage\) without`
}

// A send in a goroutine closure.
func (s *Service) Async(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	go func() {
		s.pub.Publish(msg) // want `Publish sends msg \(with sarama SyncProducer.SendMessage\) without`
	}()
}

// A deferred send.
func (s *Service) Deferred(ctx context.Context) {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	defer s.pub.Publish(msg) // want `Publish sends msg \(with sarama SyncProducer.SendMessage\) without`
}

// A method value of a concrete type is followed.
func (s *Service) MethodValue(ctx context.Context) {
	publish := s.pub.Publish
	publish(&sarama.ProducerMessage{Topic: "orders"}) // want `publish sends a message \(with sarama SyncProducer.SendMessage\) without`
}

// A function literal in a variable that sends is followed.
func (s *Service) Closure(ctx context.Context) {
	send := func(m *sarama.ProducerMessage) { s.sp.SendMessage(m) }
	send(&sarama.ProducerMessage{Topic: "orders"}) // want `send sends a message \(with sarama SyncProducer.SendMessage\) without`
}

// A same-package wrapper of a wrapper is judged at its callers too.
func (s *Service) publish(msg *sarama.ProducerMessage) error {
	return s.pub.Publish(msg)
}

func (s *Service) Local(ctx context.Context) error {
	return s.publish(&sarama.ProducerMessage{Topic: "orders"}) // want `publish sends a message \(with sarama SyncProducer.SendMessage\) without`
}

// An unexported helper nobody calls: nothing else will judge its send.
func orphan(ctx context.Context, sp sarama.SyncProducer, msg *sarama.ProducerMessage) {
	sp.SendMessage(msg) // want `SendMessage sends msg without`
}

// --- negatives ---

func (s *Service) Place(ctx context.Context, id string) error {
	msg := events.NewOrderPlaced(ctx, id)
	return s.pub.Publish(msg)
}

func (s *Service) CancelInjected(ctx context.Context, id string) error {
	msg := events.NewOrderCancelled(id)
	tracing.InjectKafka(ctx, msg)
	return s.pub.Publish(msg)
}

func (s *Service) Traced(ctx context.Context, id string) error {
	return s.pub.PublishTraced(ctx, events.NewOrderCancelled(id))
}

func (s *Service) BatchInjected(ctx context.Context, ids []string) error {
	var msgs []*sarama.ProducerMessage
	for _, id := range ids {
		msgs = append(msgs, events.NewOrderCancelled(id))
	}
	tracing.InjectAll(ctx, msgs)
	return s.pub.PublishBatch(msgs)
}

// A helper that neither injects nor sends changes nothing; the send is
// still judged, and here the message is injected.
func (s *Service) Described(ctx context.Context) error {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	_ = tracing.Describe(msg)
	tracing.InjectKafka(ctx, msg)
	return s.pub.Publish(msg)
}

// A method value of an interface is not followed: silent.
func MethodValueOfInterface(ctx context.Context, snd sender) {
	publish := snd.Publish
	publish(&sarama.ProducerMessage{Topic: "orders"})
}

// A function literal in a variable that injects is followed.
func (s *Service) ClosureInjects(ctx context.Context) error {
	inject := func(m *sarama.ProducerMessage) { tracing.InjectKafka(ctx, m) }
	msg := &sarama.ProducerMessage{Topic: "orders"}
	inject(msg)
	return s.pub.Publish(msg)
}

// An interface call is not followed: silent.
type sender interface {
	Publish(msg *sarama.ProducerMessage) error
}

func Interface(ctx context.Context, snd sender) {
	snd.Publish(&sarama.ProducerMessage{Topic: "orders"})
}

// Helpers in a package tracewire does not summarize (no client, no
// OpenTelemetry) may inject: given the context and the message, whether
// converted to another type, as an interface, or through a local helper.
type headerWriter sarama.ProducerMessage

func (w *headerWriter) Set(k, v string) {
	w.Headers = append(w.Headers, sarama.RecordHeader{Key: []byte(k), Value: []byte(v)})
}

func (s *Service) Converted(ctx context.Context) error {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	if err := hdrs.Write(ctx, (*headerWriter)(msg)); err != nil {
		return err
	}
	_, _, err := s.sp.SendMessage(msg)
	return err
}

func (s *Service) Any(ctx context.Context) error {
	msg := &sarama.ProducerMessage{Topic: "orders"}
	if err := hdrs.WriteAny(ctx, msg); err != nil {
		return err
	}
	_, _, err := s.sp.SendMessage(msg)
	return err
}

func writeHeaders(ctx context.Context, pm *sarama.ProducerMessage) error {
	w := (*headerWriter)(pm) // the same message under another type
	return hdrs.Write(ctx, w)
}

func (s *Service) ViaHelper(ctx context.Context) error {
	km := sarama.ProducerMessage{Topic: "orders"}
	if err := writeHeaders(ctx, &km); err != nil {
		return err
	}
	_, _, err := s.sp.SendMessage(&km)
	return err
}

// A wrapper that injects the slice through a helper before it sends.
func (s *Service) SendAll(ctx context.Context, ids []string) error {
	var msgs []*sarama.ProducerMessage
	for _, id := range ids {
		msgs = append(msgs, events.NewOrderCancelled(id))
	}
	return s.pub.SendAll(ctx, msgs)
}

// A wrapper that injects the slice only after it sends.
func (s *Service) SendAllLate(ctx context.Context, ids []string) error {
	var msgs []*sarama.ProducerMessage
	for _, id := range ids {
		msgs = append(msgs, events.NewOrderCancelled(id))
	}
	return s.pub.SendAllLate(ctx, msgs) // want `SendAllLate sends messages of msgs`
}

package knowledge

import "go/types"

// This file is the data of the propagation map (tracewire map): for each
// client, the messaging system it talks to and where a send, a message or
// a subscription names its destination (topic, subject, exchange and
// routing key, queue). Like the rest of the package it is data only; the
// map's resolution reads it through a DestTable handed to it.

// A DestSend is a send whose call names the destination itself.
type DestSend struct {
	// Func is the send's FullName.
	Func string
	// Args are the arguments naming the destination; several are joined
	// with "/" (AMQP's exchange and routing key).
	Args []int
	// RecvField is a field of the receiver naming the destination when
	// the message names none (kafka-go's Writer.Topic).
	RecvField string
}

// A DestMessage is a message type naming its destination in a field.
type DestMessage struct {
	// Type is "pkg.Name" of the (non-pointer) message type.
	Type string
	// Field is the field path (confluent's TopicPartition.Topic).
	Field []string
}

// A Subscription is a call that names what a consumer receives from.
type Subscription struct {
	// Func is the call's FullName.
	Func string
	// Arg is the argument naming the destination (-1: none).
	Arg int
	// Field is a field path of Arg holding it (kafka-go's
	// ReaderConfig.Topic), or nil for Arg itself.
	Field []string
	// Variadic: every argument from Arg on names one (franz-go's
	// ConsumeTopics).
	Variadic bool
	// Handler is the argument receiving the messages: a callback, a
	// channel, or a handler value whose methods receive them (sarama's
	// ConsumerGroupHandler); -1 for none.
	Handler int
	// Result: the client that later receives is the call's result
	// (kafka-go's NewReader, NATS's SubscribeSync); otherwise it is the
	// call's receiver (confluent's SubscribeTopics). A call given as an
	// argument of another call (franz-go's ConsumeTopics option of
	// NewClient) stands for that call's result.
	Result bool
}

// Destinations is the map's table.
type Destinations struct {
	// Systems maps a client's Name to its messaging system. A client it
	// does not list (an in-house bus) is a system of its own name.
	Systems       map[string]string
	Sends         []DestSend
	Messages      []DestMessage
	Subscriptions []Subscription
	// Fields are the field names taken, in order, as the destination of a
	// message type the table does not list (an in-house bus's); the first
	// string argument of a receive or callback registration of such a
	// bus is its destination.
	Fields []string
}

func saramaDests(p string) ([]DestMessage, []Subscription) {
	return []DestMessage{{Type: p + ".ProducerMessage", Field: []string{"Topic"}}},
		[]Subscription{
			{Func: "(" + p + ".ConsumerGroup).Consume", Arg: 1, Handler: 2},
			{Func: "(" + p + ".Consumer).ConsumePartition", Arg: 0, Handler: -1, Result: true},
		}
}

func confluentDests(p string) ([]DestMessage, []Subscription) {
	return []DestMessage{{Type: p + ".Message", Field: []string{"TopicPartition", "Topic"}}},
		[]Subscription{
			{Func: "(*" + p + ".Consumer).SubscribeTopics", Arg: 0, Handler: -1},
			{Func: "(*" + p + ".Consumer).Subscribe", Arg: 0, Handler: -1},
		}
}

func natsDests() ([]DestSend, []DestMessage, []Subscription) {
	const nats = "github.com/nats-io/nats.go"
	conn := "(*" + nats + ".Conn)."
	legacy := "(" + nats + ".JetStream)."
	pub := "(" + nats + "/jetstream.Publisher)."
	sends := []DestSend{
		{Func: conn + "Publish", Args: []int{0}},
		{Func: conn + "PublishRequest", Args: []int{0}},
		{Func: conn + "Request", Args: []int{0}},
		{Func: conn + "RequestWithContext", Args: []int{1}},
		{Func: legacy + "Publish", Args: []int{0}},
		{Func: legacy + "PublishAsync", Args: []int{0}},
		{Func: pub + "Publish", Args: []int{1}},
		{Func: pub + "PublishAsync", Args: []int{0}},
	}
	var subs []Subscription
	for _, r := range []string{conn, legacy} {
		subs = append(subs,
			Subscription{Func: r + "Subscribe", Arg: 0, Handler: 1},
			Subscription{Func: r + "QueueSubscribe", Arg: 0, Handler: 2},
			Subscription{Func: r + "SubscribeSync", Arg: 0, Handler: -1, Result: true},
			Subscription{Func: r + "QueueSubscribeSync", Arg: 0, Handler: -1, Result: true},
			Subscription{Func: r + "ChanSubscribe", Arg: 0, Handler: 1},
			Subscription{Func: r + "ChanQueueSubscribe", Arg: 0, Handler: 2},
		)
	}
	subs = append(subs,
		Subscription{Func: conn + "QueueSubscribeSyncWithChan", Arg: 0, Handler: 2},
		Subscription{Func: legacy + "PullSubscribe", Arg: 0, Handler: -1, Result: true},
	)
	return sends, []DestMessage{{Type: nats + ".Msg", Field: []string{"Subject"}}}, subs
}

func amqpDests(p string, withContext bool) ([]DestSend, []Subscription) {
	ch := "(*" + p + ".Channel)."
	sends := []DestSend{{Func: ch + "Publish", Args: []int{0, 1}}}
	subs := []Subscription{
		{Func: ch + "Consume", Arg: 0, Handler: -1},
		{Func: ch + "Get", Arg: 0, Handler: -1},
	}
	if withContext {
		sends = append(sends,
			DestSend{Func: ch + "PublishWithContext", Args: []int{1, 2}},
			DestSend{Func: ch + "PublishWithDeferredConfirm", Args: []int{0, 1}},
			DestSend{Func: ch + "PublishWithDeferredConfirmWithContext", Args: []int{1, 2}},
		)
		subs = append(subs, Subscription{Func: ch + "ConsumeWithContext", Arg: 1, Handler: -1})
	}
	return sends, subs
}

// DefaultDestinations is the map's table of the built-in clients.
var DefaultDestinations = func() Destinations {
	d := Destinations{
		Systems: map[string]string{
			"sarama": "kafka", "kafka-go": "kafka", "franz-go": "kafka", "confluent-kafka-go": "kafka",
			"splunkkafka": "kafka", "dd-trace-go kafka": "kafka", "dd-trace-go kafka-go": "kafka",
			"nats": "nats", "amqp091-go": "amqp", "streadway/amqp": "amqp",
		},
		Fields: []string{"Topic", "Subject", "Queue", "Destination", "Channel", "Stream"},
	}
	add := func(m []DestMessage, s []Subscription) {
		d.Messages = append(d.Messages, m...)
		d.Subscriptions = append(d.Subscriptions, s...)
	}
	add(saramaDests("github.com/IBM/sarama"))
	add(saramaDests("github.com/Shopify/sarama"))
	for _, p := range []string{
		"github.com/confluentinc/confluent-kafka-go/v2/kafka",
		"github.com/confluentinc/confluent-kafka-go/kafka",
		"github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/v2/kafka/splunkkafka",
		"github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/kafka/splunkkafka",
		ddtrace + "confluentinc/confluent-kafka-go/kafka.v2/v2",
		ddtrace + "confluentinc/confluent-kafka-go/kafka/v2",
	} {
		_, subs := confluentDests(p)
		d.Subscriptions = append(d.Subscriptions, subs...)
	}
	d.Messages = append(d.Messages,
		DestMessage{Type: "github.com/confluentinc/confluent-kafka-go/v2/kafka.Message", Field: []string{"TopicPartition", "Topic"}},
		DestMessage{Type: "github.com/confluentinc/confluent-kafka-go/kafka.Message", Field: []string{"TopicPartition", "Topic"}},
	)
	const kafkaGo = "github.com/segmentio/kafka-go"
	d.Messages = append(d.Messages, DestMessage{Type: kafkaGo + ".Message", Field: []string{"Topic"}})
	d.Sends = append(d.Sends,
		DestSend{Func: "(*" + kafkaGo + ".Writer).WriteMessages", RecvField: "Topic"},
		DestSend{Func: "(*" + ddtrace + "segmentio/kafka-go/v2.KafkaWriter).WriteMessages", RecvField: "Topic"},
	)
	d.Subscriptions = append(d.Subscriptions,
		Subscription{Func: kafkaGo + ".NewReader", Arg: 0, Field: []string{"Topic"}, Handler: -1, Result: true},
		Subscription{Func: ddtrace + "segmentio/kafka-go/v2.NewReader", Arg: 0, Field: []string{"Topic"}, Handler: -1, Result: true},
	)
	const kgo = "github.com/twmb/franz-go/pkg/kgo"
	d.Messages = append(d.Messages, DestMessage{Type: kgo + ".Record", Field: []string{"Topic"}})
	d.Subscriptions = append(d.Subscriptions, Subscription{Func: kgo + ".ConsumeTopics", Arg: 0, Variadic: true, Handler: -1, Result: true})
	ns, nm, nsub := natsDests()
	d.Sends = append(d.Sends, ns...)
	add(nm, nsub)
	for _, a := range []struct {
		p   string
		ctx bool
	}{{"github.com/rabbitmq/amqp091-go", true}, {"github.com/streadway/amqp", false}} {
		s, subs := amqpDests(a.p, a.ctx)
		d.Sends = append(d.Sends, s...)
		d.Subscriptions = append(d.Subscriptions, subs...)
	}
	return d
}()

// A DestTable indexes Destinations. It is immutable once built.
type DestTable struct {
	systems  map[string]string
	sends    map[string]DestSend
	messages map[string][]string
	subs     map[string]Subscription
	fields   []string
}

// NewDestTable indexes d.
func NewDestTable(d Destinations) *DestTable {
	t := &DestTable{systems: d.Systems, sends: map[string]DestSend{}, messages: map[string][]string{}, subs: map[string]Subscription{}, fields: d.Fields}
	for _, s := range d.Sends {
		t.sends[s.Func] = s
	}
	for _, m := range d.Messages {
		t.messages[m.Type] = m.Field
	}
	for _, s := range d.Subscriptions {
		t.subs[s.Func] = s
	}
	return t
}

// System returns the messaging system of the client named client, and
// whether the table knows it (false for an in-house bus, whose system is
// its name).
func (t *DestTable) System(client string) (string, bool) {
	if s, ok := t.systems[client]; ok {
		return s, true
	}
	return client, false
}

// Send returns how the send fn names its destination, if it does.
func (t *DestTable) Send(fn *types.Func) (DestSend, bool) {
	if fn == nil {
		return DestSend{}, false
	}
	s, ok := t.sends[fn.Origin().FullName()]
	return s, ok
}

// MessageField returns the field path naming the destination of messages
// of typ (a message type or a pointer to one), or nil.
func (t *DestTable) MessageField(typ types.Type) []string {
	k := typeKey(typ)
	if k == "" {
		return nil
	}
	return t.messages[k]
}

// Subscription returns the subscription fn is, if it is one.
func (t *DestTable) Subscription(fn *types.Func) (Subscription, bool) {
	if fn == nil {
		return Subscription{}, false
	}
	s, ok := t.subs[fn.Origin().FullName()]
	return s, ok
}

// Fields returns the field names taken as the destination of a message
// type the table does not list.
func (t *DestTable) Fields() []string { return t.fields }

// ClientOf returns the Name of the client of t whose packages include
// path, or "".
func (t *Table) ClientOf(path string) string {
	for _, c := range t.src.clients {
		for _, p := range c.Pkgs {
			if p == path {
				return c.Name
			}
		}
	}
	return ""
}

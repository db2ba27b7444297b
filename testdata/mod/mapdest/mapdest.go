// Package mapdest holds the destinations tracewire map resolves (or not)
// on the Kafka clients: constants, constant concatenation, struct fields
// initialised with constants, parameters, and dynamic names. Its
// functions have no context at hand, so the checks report nothing here;
// the map's resolution test asserts each site.
package mapdest

import (
	"fmt"

	"github.com/IBM/sarama"
	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	kafkago "github.com/segmentio/kafka-go"
)

const prefix = "shop."

// Orders is a topic built by constant concatenation.
const Orders = prefix + "orders"

func Literal(p sarama.SyncProducer) {
	_, _, _ = p.SendMessage(&sarama.ProducerMessage{Topic: "literal"}) // want `producer kafka literal`
}

func Constant(p sarama.SyncProducer) {
	msg := &sarama.ProducerMessage{Topic: Orders}
	_, _, _ = p.SendMessage(msg) // want `producer kafka shop.orders`
}

func Concat(p sarama.SyncProducer) {
	_, _, _ = p.SendMessage(&sarama.ProducerMessage{Topic: prefix + "refunds." + "v2"}) // want `producer kafka shop.refunds.v2`
}

func Written(p sarama.SyncProducer) {
	msg := &sarama.ProducerMessage{}
	msg.Topic = "written"
	_, _, _ = p.SendMessage(msg) // want `producer kafka written`
}

// publisher's topic field is initialised with a constant wherever it is
// set.
type publisher struct {
	p     sarama.SyncProducer
	topic string
}

func newPublisher(p sarama.SyncProducer) *publisher { return &publisher{p: p, topic: "audit"} }

func (pb *publisher) publish() {
	_, _, _ = pb.p.SendMessage(&sarama.ProducerMessage{Topic: pb.topic}) // want `producer kafka audit`
}

func Param(p sarama.SyncProducer, topic string) {
	_, _, _ = p.SendMessage(&sarama.ProducerMessage{Topic: topic}) // want `producer kafka param:mapdest.Param#1`
}

func Dynamic(p sarama.SyncProducer, tenant int) {
	_, _, _ = p.SendMessage(&sarama.ProducerMessage{Topic: fmt.Sprintf("t%d.orders", tenant)}) // want `producer kafka \(dynamic\) fmt.Sprintf\("t%d.orders", tenant\)`
}

func Confluent(p *kafka.Producer) {
	topic := "payments"
	_ = p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny}}, nil) // want `producer kafka payments`
}

func KafkaGoWriter() {
	w := &kafkago.Writer{Topic: Orders}
	_ = w.WriteMessages(nil, kafkago.Message{Value: []byte("x")}) // want `producer kafka shop.orders`
}

func KafkaGoMessage(w *kafkago.Writer) {
	_ = w.WriteMessages(nil, kafkago.Message{Topic: "by-message"}) // want `producer kafka by-message`
}

func Reader() {
	r := kafkago.NewReader(kafkago.ReaderConfig{Topic: "reader." + "topic"}) // want `subscription kafka reader.topic`
	m, _ := r.ReadMessage(nil)                                               // want `consumer kafka`
	_ = m
}

type handler struct{}

func (handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (handler) ConsumeClaim(_ sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() { // want `consumer kafka .* keys=type:example.com/tw/mapdest.handler`
		_ = msg
	}
	return nil
}

func Group(g sarama.ConsumerGroup) {
	_ = g.Consume(nil, []string{Orders, "literal"}, handler{}) // want `subscription kafka literal,shop.orders keys=type:example.com/tw/mapdest.handler`
}

func Subscribe(c *kafka.Consumer) {
	_ = c.SubscribeTopics([]string{"payments"}, nil) // want `subscription kafka payments`
	_ = c.Poll(100)
}

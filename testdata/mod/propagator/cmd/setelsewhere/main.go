// Command setelsewhere publishes like unset, and sets the propagator in
// another package (telemetry.Setup): not a finding.
package main

import (
	"context"
	"log"

	"github.com/IBM/sarama"

	"example.com/tw/propagator/publish"
	"example.com/tw/propagator/relay"
	"example.com/tw/propagator/telemetry"
)

func main() {
	telemetry.Setup()
	p, err := sarama.NewSyncProducer([]string{"localhost:9092"}, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := relay.Forward(context.Background(), publish.Publisher{P: p}, "orders", []byte("{}")); err != nil {
		log.Fatal(err)
	}
}

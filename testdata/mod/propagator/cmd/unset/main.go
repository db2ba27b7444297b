// Command unset publishes through relay and publish (another package
// injects through the global propagator) and sets the propagator nowhere.
package main

import (
	"context"
	"log"

	"github.com/IBM/sarama"

	"example.com/tw/propagator/publish"
	"example.com/tw/propagator/relay"
)

func main() { // want `the program never sets OpenTelemetry's global propagator: example.com/tw/propagator/publish.Publisher.Publish injects or extracts through otel.GetTextMapPropagator\(\), a no-op until otel.SetTextMapPropagator is called`
	p, err := sarama.NewSyncProducer([]string{"localhost:9092"}, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := relay.Forward(context.Background(), publish.Publisher{P: p}, "orders", []byte("{}")); err != nil {
		log.Fatal(err)
	}
}

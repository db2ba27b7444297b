// Command wrapped wraps its producer with otelsarama and no propagator
// option: the wrapper injects through the global propagator.
package main

import (
	"github.com/IBM/sarama"
	"github.com/dnwe/otelsarama"
)

func main() { // want `example.com/tw/propagator/cmd/wrapped.newProducer builds otelsarama.WrapSyncProducer without a propagator option, which injects or extracts through otel.GetTextMapPropagator\(\)`
	p := newProducer()
	defer p.Close()
}

func newProducer() sarama.SyncProducer {
	cfg := sarama.NewConfig()
	p, err := sarama.NewSyncProducer([]string{"localhost:9092"}, cfg)
	if err != nil {
		panic(err)
	}
	return otelsarama.WrapSyncProducer(cfg, p, otelsarama.WithPropagators(nil))
}

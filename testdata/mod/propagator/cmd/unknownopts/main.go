// Command unknownopts wraps with options it takes from elsewhere: they may
// give a propagator, so the wrapper does not count as a use.
package main

import (
	"github.com/IBM/sarama"
	"github.com/dnwe/otelsarama"
)

func options() []otelsarama.Option { return nil }

func main() {
	cfg := sarama.NewConfig()
	p, err := sarama.NewSyncProducer([]string{"localhost:9092"}, cfg)
	if err != nil {
		panic(err)
	}
	opt := otelsarama.WithPropagators(nil)
	p = otelsarama.WrapSyncProducer(cfg, p, options()...)
	p = otelsarama.WrapSyncProducer(cfg, p, opt)
	_ = p
}

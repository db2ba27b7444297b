// Command kotelapp builds kotel's tracer without a propagator.
package main

import (
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/plugin/kotel"
)

func main() { // want `example.com/tw/propagator/cmd/kotelapp.main builds kotel.NewTracer without a propagator option, which injects or extracts`
	k := kotel.NewKotel(kotel.WithTracer(kotel.NewTracer(kotel.LinkSpans())))
	cl, err := kgo.NewClient(kgo.WithHooks(k.Hooks()...))
	if err != nil {
		panic(err)
	}
	defer cl.Close()
}

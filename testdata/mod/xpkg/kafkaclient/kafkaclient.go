// Package kafkaclient builds franz-go clients, with and without kotel. // want package:"tracewire\\(trace\\)" package:"propagator\\(uses example.com/tw/xpkg/kafkaclient.Traced via kotel.NewTracer\\)"
//
// It is an upstream package: its facts classify the clients (and options)
// its functions return, so downstream sends are judged by how the client
// was built.
package kafkaclient

import (
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/plugin/kotel"
)

// Traced builds a client whose kotel hooks inject on every produce.
func Traced(brokers ...string) (*kgo.Client, error) { // want Traced:"client\\(traced\\)"
	k := kotel.NewKotel(kotel.WithTracer(kotel.NewTracer()))
	return kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.WithHooks(k.Hooks()...))
}

// TracingOptions returns options installing kotel's tracing hooks.
func TracingOptions() []kgo.Opt { // want TracingOptions:"client\\(traced\\)"
	return []kgo.Opt{kgo.WithHooks(kotel.NewTracer())}
}

// Plain builds a client without tracing hooks.
func Plain(brokers ...string) (*kgo.Client, error) { // want Plain:"client\\(untraced\\)"
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		return nil, err
	}
	return cl, nil
}

// With builds a client from the caller's options: nothing is known.
func With(opts ...kgo.Opt) (*kgo.Client, error) {
	return kgo.NewClient(opts...)
}

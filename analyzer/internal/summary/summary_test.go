package summary_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tracewire/tracewire/analyzer/internal/summary"
)

// The facts of the upstream (xpkg/tracing) and middle (xpkg/events)
// packages of the cross-package chain, asserted with // want Name:"fact".
// Facts of middle depend on facts imported from upstream.
func TestFacts(t *testing.T) {
	analysistest.Run(t, filepath.Join("..", "..", "..", "testdata", "mod"), summary.Analyzer,
		"example.com/tw/xpkg/tracing", "example.com/tw/xpkg/events", "example.com/tw/xpkg/kafkaclient")
}

// The propagator package facts: a use through otel.GetTextMapPropagator in
// publish, passed on by relay (which imports no OpenTelemetry), and a set
// in telemetry.
func TestPropagatorFacts(t *testing.T) {
	analysistest.Run(t, filepath.Join("..", "..", "..", "testdata", "mod"), summary.Analyzer,
		"example.com/tw/propagator/telemetry", "example.com/tw/propagator/publish", "example.com/tw/propagator/relay")
}

// The facts of a NATS wrapper package (testdata/brokers): a send wrapper,
// a constructor, and a wrapper of a send that cannot carry headers.
func TestBrokerFacts(t *testing.T) {
	analysistest.Run(t, filepath.Join("..", "..", "..", "testdata", "brokers"), summary.Analyzer, "example.com/brokers/xpkg/natsbus")
}

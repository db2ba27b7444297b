package carriercheck_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tracewire/tracewire/analyzer/carriercheck"
	"github.com/tracewire/tracewire/analyzer/internal/fixtest"
)

var testdata = filepath.Join("..", "..", "testdata", "mod")

// TestCarrierCheck checks diagnostics (// want) and fixes (.golden) in
// testdata/mod/carrier: Keys returning nil or an empty literal (fixed to
// return the header keys, over a sarama message and over confluent
// headers by pointer); an append-only Set where the headers may already
// hold trace context (copied from a received message, a received message
// produced again, the same message injected again in a retry loop), fixed
// to drop the key's entries before appending; and negatives: fresh
// messages, a message rebuilt on each attempt, only the payload
// forwarded, a Set that replaces.
func TestCarrierCheck(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, testdata, carriercheck.Analyzer, "example.com/tw/carrier")
	fixtest.RawFormatted(t, results)
}

// A carrier of another package is judged at the Inject calls through it by
// its facts (facts.Carrier): carrier/forward, with no fix (Set is not in
// the package).
func TestCarrierFacts(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata, carriercheck.Analyzer, "example.com/tw/carrier/forward")
}

// The instrumentation libraries' carriers are correct: carriercheck is
// silent on the pinned otelsarama, kotel and splunkkafka (v1 and v2)
// packages.
func TestInstrumentationCarriers(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata, carriercheck.Analyzer,
		"github.com/dnwe/otelsarama",
		"github.com/twmb/franz-go/plugin/kotel",
		"github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/v2/kafka/splunkkafka",
		"github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/kafka/splunkkafka",
	)
}

// dd-trace-go's Kafka carriers (testdata/ddtrace pins dd-trace-go).
func TestDDTraceCarriers(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, filepath.Join("..", "..", "testdata", "ddtrace"), carriercheck.Analyzer,
		"github.com/DataDog/dd-trace-go/contrib/IBM/sarama/v2",
		"github.com/DataDog/dd-trace-go/contrib/confluentinc/confluent-kafka-go/kafka.v2/v2",
		"github.com/DataDog/dd-trace-go/contrib/segmentio/kafka-go/v2",
	)
}

// TestNilHeaderMaps: injections into the header map of a NATS or AMQP
// message literal that has none (testdata/brokers/carrier/nilmap), fixed
// by giving the literal its map.
func TestNilHeaderMaps(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, filepath.Join("..", "..", "testdata", "brokers"), carriercheck.Analyzer, "example.com/brokers/carrier/nilmap")
	fixtest.RawFormatted(t, results)
}

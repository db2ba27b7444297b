package producerinject_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tracewire/tracewire/analyzer/internal/fixtest"
	"github.com/tracewire/tracewire/analyzer/producerinject"
)

var (
	testdata = filepath.Join("..", "..", "testdata", "mod")
	// untraced is a module that requires OpenTelemetry only indirectly.
	untraced = filepath.Join("..", "..", "testdata", "untraced")
)

// TestProducerInject checks diagnostics (// want) and fixes (.golden) for:
//   - saramap: every sarama send form, positives and hard negatives;
//   - confluentp, confluentv1p: confluent-kafka-go v2 and v1;
//   - kafkagop: segmentio/kafka-go (messages by value, variadic sends);
//   - shopifyp: the old github.com/Shopify/sarama path;
//   - imports: imports added where gofmt keeps them, names that collide
//     with nothing, several fixes in one function;
//   - robust: generics, method values, function-typed fields, a generated
//     file;
//   - publisher: a package importing no OpenTelemetry in a module that
//     requires it directly, with the caller's ctx at hand (the common
//     break), and contexts that are not the caller's;
//   - suppress: only calls that can write into the headers excuse a send
//     (not an encoder or a tenant lookup given ctx, nor a helper whose
//     facts say it does not inject); a carrier counts only in the
//     headers; a W3C header built from the span context counts;
//   - order: order on the control-flow graph (an injection after the
//     send, headers reset or a new message after it, a carrier copied
//     before Inject fills it; injection on one path is enough);
//   - batch: slices of messages built in loops (append, index writes, an
//     element variable, messages by value), each with a fix;
//   - alias: carriers that alias the headers (the wiring guide's named
//     RecordHeader slice injected by address and converted into the
//     literal, a carrier assigned after the injection, a helper writing
//     through the carrier's address), each with a twin copied before the
//     injection that is still a finding;
//   - xpkg/service: findings that depend on facts of the upstream packages
//     xpkg/tracing and xpkg/events (helpers that inject, constructors,
//     send wrappers judged at their callers, goroutines, defers, generics).
//
// The packages load together: loading the real modules dominates the cost.
func TestProducerInject(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, testdata, producerinject.Analyzer,
		"example.com/tw/producer/saramap",
		"example.com/tw/producer/confluentp",
		"example.com/tw/producer/confluentv1p",
		"example.com/tw/producer/kafkagop",
		"example.com/tw/producer/franzp",
		"example.com/tw/producer/splunkp",
		"example.com/tw/producer/shopifyp",
		"example.com/tw/producer/imports",
		"example.com/tw/producer/robust",
		"example.com/tw/producer/publisher",
		"example.com/tw/producer/suppress",
		"example.com/tw/producer/order",
		"example.com/tw/producer/batch",
		"example.com/tw/producer/alias",
		"example.com/tw/xpkg/service",
	)
	fixtest.RawFormatted(t, results)
}

// TestDDTrace checks dd-trace-go's Kafka wrappers against the real modules
// (testdata/ddtrace, a module of its own so that dd-trace-go's dependencies
// leave the other cases' versions alone): DataDog's tracer.Inject over a
// carrier on the message counts as injection, the wrapped confluent
// producer is a send, the kafka-go KafkaWriter injects its ctx itself, and
// in a package without OpenTelemetry the fixes inject through DataDog's
// tracer (v2 and v1 paths).
func TestDDTrace(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, filepath.Join("..", "..", "testdata", "ddtrace"), producerinject.Analyzer,
		"example.com/ddtw/producer/ddp",
		"example.com/ddtw/producer/ddotelp",
		"example.com/ddtw/producer/ddv1p",
		"example.com/ddtw/producer/ddrawp",
	)
	fixtest.RawFormatted(t, results)
}

// TestUntraced: in a module that requires OpenTelemetry only indirectly, a
// package importing none of it has nothing to propagate, even with the
// caller's ctx at hand; nor does a client's own OpenTelemetry use give it
// any (untracedcloud/pubsubuser, over Pub/Sub v1's package, which traces
// itself).
func TestUntraced(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, untraced, producerinject.Analyzer, "example.com/untraced/nootel")
	analysistest.Run(t, filepath.Join("..", "..", "testdata", "untracedcloud"), producerinject.Analyzer, "example.com/untracedcloud/pubsubuser")
}

func TestStrict(t *testing.T) {
	t.Parallel()
	a := producerinject.New(producerinject.Config{Strict: true})
	analysistest.Run(t, untraced, a, "example.com/untraced/strict")
}

// The -strict flag configures the analyzer it belongs to and no other.
func TestStrictFlag(t *testing.T) {
	t.Parallel()
	a := producerinject.New(producerinject.Config{})
	b := producerinject.New(producerinject.Config{})
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, untraced, a, "example.com/untraced/strict")
	analysistest.Run(t, untraced, b, "example.com/untraced/nootel")
	if got := producerinject.Analyzer.Flags.Lookup("strict").Value.String(); got != "false" {
		t.Errorf("package-level Analyzer strict = %s, want false", got)
	}
}

// TestBrokers checks NATS (core, legacy JetStream, jetstream) and RabbitMQ
// (amqp091-go, streadway/amqp) sends against the real modules pinned in
// testdata/brokers: messages whose headers are maps (nats.Header, AMQP's
// Table), and NATS sends that cannot carry headers at all.
func TestBrokers(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, filepath.Join("..", "..", "testdata", "brokers"), producerinject.Analyzer,
		"example.com/brokers/producer/natsp",
		"example.com/brokers/producer/amqpp",
		"example.com/brokers/producer/streadwayp",
		"example.com/brokers/producer/framework",
		"example.com/brokers/xpkg/natsapp",
	)
	fixtest.RawFormatted(t, results)
}

// TestCloud checks the cloud-queue clients of the table against the real
// modules pinned in testdata/cloud: the Go CDK's Topic.Send, whose
// Metadata nothing in the Go CDK writes, Azure Service Bus's sends (a
// batch's send point is AddMessage), Pub/Sub's Publish, judged by
// whether the client is built with its own tracing, and SQS's and SNS's
// sends (MessageAttributes of attribute structs, batch entries).
func TestCloud(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, filepath.Join("..", "..", "testdata", "cloud"), producerinject.Analyzer,
		"example.com/cloud/producer/cdkp",
		"example.com/cloud/producer/asbp",
		"example.com/cloud/producer/pubsubp",
		"example.com/cloud/producer/sqsp",
		"example.com/cloud/producer/snsp",
	)
	fixtest.RawFormatted(t, results)
}

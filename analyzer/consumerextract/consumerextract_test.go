package consumerextract_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tracewire/tracewire/analyzer/consumerextract"
	"github.com/tracewire/tracewire/analyzer/internal/fixtest"
)

var testdata = filepath.Join("..", "..", "testdata", "mod")

// TestConsumerExtract checks diagnostics (// want) and fixes (.golden) for
// sarama (saramac) and confluent-kafka-go v1/v2 (confluentc) handlers,
// positives and hard negatives, and for xpkg/worker, whose findings depend
// on the facts of xpkg/tracing and xpkg/events (helpers that extract, and
// handlers that start spans from their context parameter, judged at their
// callers), and orderc, which needs the flow-sensitive model (a shadowing
// extraction in an inner block, a span started before the extraction that
// follows it), and selectc, a receive in a select case with a multi-line
// Start in a package importing otel/trace but not otel (the fix adds the
// imports its module allows).
func TestConsumerExtract(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, testdata, consumerextract.Analyzer,
		"example.com/tw/consumer/saramac",
		"example.com/tw/consumer/confluentc",
		"example.com/tw/consumer/kafkagoc",
		"example.com/tw/consumer/franzc",
		"example.com/tw/consumer/splunkc",
		"example.com/tw/consumer/shopifyc",
		"example.com/tw/consumer/orderc",
		"example.com/tw/consumer/selectc",
		"example.com/tw/xpkg/worker",
	)
	fixtest.RawFormatted(t, results)
}

// TestDDTrace checks dd-trace-go's wrapped consumers against the real
// modules (testdata/ddtrace): their receives are receives, and DataDog's
// extraction (tracer.Extract over the wrapper's carrier, kafka-go's
// ExtractSpanContext, v2 and v1) continues the trace.
func TestDDTrace(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, filepath.Join("..", "..", "testdata", "ddtrace"), consumerextract.Analyzer,
		"example.com/ddtw/consumer/ddc",
	)
	fixtest.RawFormatted(t, results)
}

// TestBrokers checks NATS (callbacks, channels given to ChanSubscribe,
// NextMsg, pull Fetch, jetstream's Consume, Messages, Fetch and Next) and
// RabbitMQ (deliveries of Consume, ConsumeWithContext and Get) against the
// real modules pinned in testdata/brokers, with fixes that read map
// headers: NATS keys case-insensitively, AMQP values as strings or bytes.
func TestBrokers(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, filepath.Join("..", "..", "testdata", "brokers"), consumerextract.Analyzer,
		"example.com/brokers/consumer/natsc",
		"example.com/brokers/consumer/amqpc",
	)
	fixtest.RawFormatted(t, results)
}

// TestCloud checks the cloud-queue clients of the table against the real
// modules pinned in testdata/cloud: the Go CDK's Subscription.Receive,
// whose ctx is the caller's (the Go CDK extracts nothing from Metadata),
// Azure Service Bus's ReceiveMessages (string ApplicationProperties), and
// Pub/Sub's Receive callbacks, whose ctx carries the message's trace only
// when the client is built with its own tracing, and SQS's ReceiveMessage
// (whose input must ask for the message attributes), and Lambda handlers
// of SQS events (each record a message; the handler's ctx is Lambda's).
func TestCloud(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, filepath.Join("..", "..", "testdata", "cloud"), consumerextract.Analyzer,
		"example.com/cloud/consumer/cdkc",
		"example.com/cloud/consumer/asbc",
		"example.com/cloud/consumer/pubsubc",
		"example.com/cloud/consumer/sqsc",
		"example.com/cloud/consumer/lambdac",
	)
	fixtest.RawFormatted(t, results)
}

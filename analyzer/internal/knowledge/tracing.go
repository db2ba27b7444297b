package knowledge

// Clients is the table of supported messaging clients.
var Clients = []Client{
	saramaClient("github.com/IBM/sarama"),
	// The pre-2023 import path of sarama (v1.38.1 and earlier), still in
	// wide use.
	saramaClient("github.com/Shopify/sarama"),
	kafkaGoClient("github.com/segmentio/kafka-go"),
	franzClient(),
	confluentClient("github.com/confluentinc/confluent-kafka-go/v2/kafka"),
	confluentClient("github.com/confluentinc/confluent-kafka-go/kafka"),
	splunkClient("github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/v2/kafka/splunkkafka"),
	splunkClient("github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/kafka/splunkkafka"),
	ddConfluentClient(ddtrace + "confluentinc/confluent-kafka-go/kafka.v2/v2"),
	ddConfluentClient(ddtrace + "confluentinc/confluent-kafka-go/kafka/v2"),
	ddKafkaGoClient(),
	natsClient(),
	amqpClient("amqp091-go", "github.com/rabbitmq/amqp091-go", true),
	// The deprecated client amqp091-go was forked from.
	amqpClient("streadway/amqp", "github.com/streadway/amqp", false),
	goCDKClient(),
	azureServiceBusClient(),
	googlePubSubClient(),
	awsSQSClient(),
	awsSNSClient(),
	awsLambdaEvents(),
}

// Instrumentation lists packages of Kafka instrumentation libraries. Their
// producer wrappers take the parent span from the message headers, so a
// wrapped producer still needs injection; importing one means the package
// has trace context to propagate.
var Instrumentation = []string{
	"github.com/dnwe/otelsarama",
	"go.opentelemetry.io/contrib/instrumentation/github.com/Shopify/sarama/otelsarama",
	"go.opentelemetry.io/contrib/instrumentation/github.com/IBM/sarama/otelsarama",
	"github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/kafka/splunkkafka",
	"github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/v2/kafka/splunkkafka",
	"gopkg.in/DataDog/dd-trace-go.v1/contrib/confluentinc/confluent-kafka-go/kafka",
	"gopkg.in/DataDog/dd-trace-go.v1/contrib/confluentinc/confluent-kafka-go/kafka.v2",
	"gopkg.in/DataDog/dd-trace-go.v1/contrib/IBM/sarama.v1",
	"gopkg.in/DataDog/dd-trace-go.v1/contrib/Shopify/sarama",
	"github.com/DataDog/dd-trace-go/contrib/confluentinc/confluent-kafka-go/kafka/v2",
	"github.com/DataDog/dd-trace-go/contrib/confluentinc/confluent-kafka-go/kafka.v2/v2",
	"github.com/DataDog/dd-trace-go/contrib/IBM/sarama/v2",
	"github.com/DataDog/dd-trace-go/contrib/Shopify/sarama/v2",
	"gopkg.in/DataDog/dd-trace-go.v1/contrib/segmentio/kafka.go.v0",
	"github.com/DataDog/dd-trace-go/contrib/segmentio/kafka-go/v2",
	"github.com/twmb/franz-go/plugin/kotel",
	// DataDog's tracer itself: a package using it has trace context to
	// propagate, even with a client it did not wrap.
	"github.com/DataDog/dd-trace-go/v2/ddtrace/tracer",
	"gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer",
}

// TracingModules lists the module paths of tracing libraries. A module whose
// go.mod requires one of them directly (not "// indirect") traces: its
// packages have trace context to propagate even when they import no
// tracing package themselves (tracing set up in main and in HTTP
// middleware, a publisher package that passes the request's ctx on). An
// entry ending in "/" is a prefix of module paths.
var TracingModules = []string{
	"go.opentelemetry.io/otel",
	"go.opentelemetry.io/otel/trace",
	"go.opentelemetry.io/otel/sdk",
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/",
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace",
	"go.opentelemetry.io/otel/exporters/zipkin",
	"go.opentelemetry.io/contrib/instrumentation/",
	"go.opentelemetry.io/contrib/propagators/",
	"go.opentelemetry.io/contrib/exporters/autoexport",
	"github.com/dnwe/otelsarama",
	"github.com/twmb/franz-go/plugin/kotel",
	"github.com/signalfx/splunk-otel-go",
	"github.com/signalfx/splunk-otel-go/",
	"github.com/DataDog/dd-trace-go/v2",
	"github.com/DataDog/dd-trace-go/contrib/",
	"gopkg.in/DataDog/dd-trace-go.v1",
}

// Extractors lists instrumentation functions returning the trace context
// extracted from a consumed message.
var Extractors = []Extractor{
	{Func: "(*github.com/twmb/franz-go/plugin/kotel.Tracer).WithProcessSpan", Arg: 0},
	{Func: "github.com/DataDog/dd-trace-go/v2/ddtrace/tracer.Extract", Arg: 0, Carrier: true, SpanContext: true},
	{Func: "gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer.Extract", Arg: 0, Carrier: true, SpanContext: true},
	{Func: ddtrace + "segmentio/kafka-go/v2.ExtractSpanContext", Arg: 0, SpanContext: true},
	{Func: "gopkg.in/DataDog/dd-trace-go.v1/contrib/segmentio/kafka.go.v0.ExtractSpanContext", Arg: 0, SpanContext: true},
}

// Injectors lists tracing-library functions writing trace context into a
// carrier: DataDog's, whose carriers over a message (dd-trace-go's
// NewProducerMessageCarrier, NewMessageCarrier) write the headers.
var Injectors = []Injector{
	{Func: "github.com/DataDog/dd-trace-go/v2/ddtrace/tracer.Inject", Carrier: 1},
	{Func: "gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer.Inject", Carrier: 1},
}

// dataDogTracer is DataDog's tracer package pkg, of the dd-trace-go major
// version whose packages start with prefix: v1 and v2 spell the API alike.
func dataDogTracer(prefix, pkg string) NativeTracer {
	return NativeTracer{
		Name: "DataDog's tracer.Inject", Prefix: prefix, Pkg: pkg,
		Carrier: "TextMapCarrier", SpanFromContext: "SpanFromContext", Inject: "Inject",
	}
}

// NativeTracers lists the tracers with their own propagation API that
// fixes use.
var NativeTracers = []NativeTracer{
	dataDogTracer("github.com/DataDog/dd-trace-go/", "github.com/DataDog/dd-trace-go/v2/ddtrace/tracer"),
	dataDogTracer("gopkg.in/DataDog/dd-trace-go.v1/", "gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer"),
}

// OTelPrefix is the import-path prefix of the OpenTelemetry Go API.
const OTelPrefix = "go.opentelemetry.io/otel"

// Builtin is the source of the built-in table: every client entry and
// tracing library tracewire knows.
var Builtin = Source{
	Clients:            Clients,
	Instrumentation:    Instrumentation,
	Extractors:         Extractors,
	Injectors:          Injectors,
	TracingModules:     TracingModules,
	PropagatorDefaults: PropagatorDefaults,
	NativeTracers:      NativeTracers,
	DestFields:         []string{"Topic", "Subject", "Queue", "Destination", "Channel", "Stream"},
}

// Default is the table built from Builtin. Entry points (the drivers,
// the bus configuration) hand it, or an extension of it, to the
// analysis; logic never reaches it.
var Default = NewTable(Builtin)

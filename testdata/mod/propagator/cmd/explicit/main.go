// Command explicit uses only explicit propagators: propagation.TraceContext
// directly, and instrumentation given a propagator option. Not a finding.
package main

import (
	"context"
	"net/http"

	"github.com/IBM/sarama"
	"github.com/dnwe/otelsarama"
	splunkkafka "github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/v2/kafka/splunkkafka"
	"github.com/twmb/franz-go/plugin/kotel"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/propagation"
)

var tc = propagation.TraceContext{}

func main() {
	cfg := sarama.NewConfig()
	p, err := sarama.NewSyncProducer([]string{"localhost:9092"}, cfg)
	if err != nil {
		panic(err)
	}
	p = otelsarama.WrapSyncProducer(cfg, p, otelsarama.WithPropagators(tc))
	msg := &sarama.ProducerMessage{Topic: "orders"}
	tc.Inject(context.Background(), otelsarama.NewProducerMessageCarrier(msg))
	_, _, _ = p.SendMessage(msg)

	_ = kotel.NewTracer(kotel.TracerPropagator(tc), kotel.LinkSpans())
	_, _ = splunkkafka.NewProducer(nil, splunkkafka.WithPropagator(tc))
	_ = otelhttp.NewHandler(http.NotFoundHandler(), "orders", otelhttp.WithPropagators(tc))
}

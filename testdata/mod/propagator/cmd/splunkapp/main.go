// Command splunkapp consumes through splunkkafka without a propagator.
package main

import (
	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	splunkkafka "github.com/signalfx/splunk-otel-go/instrumentation/github.com/confluentinc/confluent-kafka-go/v2/kafka/splunkkafka"
)

func main() { // want `example.com/tw/propagator/cmd/splunkapp.main builds splunkkafka.NewConsumer without a propagator option, which injects or extracts`
	c, err := splunkkafka.NewConsumer(&kafka.ConfigMap{"group.id": "g"})
	if err != nil {
		panic(err)
	}
	defer c.Close()
}

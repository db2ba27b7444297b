package tmp

import (
	_ "github.com/IBM/sarama"
	_ "github.com/confluentinc/confluent-kafka-go/v2/kafka"
	_ "github.com/confluentinc/confluent-kafka-go/kafka"
	_ "go.opentelemetry.io/otel"
	_ "go.opentelemetry.io/otel/trace"
	_ "go.opentelemetry.io/otel/propagation"
	_ "github.com/dnwe/otelsarama"
)

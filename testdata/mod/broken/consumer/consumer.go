// Package consumer has type errors. The analyzers run despite them and must
// not crash; a Start whose arguments are ill-typed is not judged.
package consumer

import (
	"context"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("broken")

func Consume(claim sarama.ConsumerGroupClaim) {
	for msg := range claim.Messages() {
		_, span := tracer.Start(undefinedCtx, "x")
		span.End()
		_, span2 := tracer.Start(context.Background(), "y", undefinedOpt)
		span2.End()
		_, span3 := tracer.Start(context.Background(), "z") // want `started from context.Background\(\)`
		span3.End()
		_ = msg
	}
	for m := range undefinedClaim.Messages() {
		tracer.Start(context.Background(), m)
	}
}

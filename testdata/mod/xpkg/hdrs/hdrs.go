// Package hdrs imports neither a Kafka client nor OpenTelemetry, so
// tracewire does not summarize it: calls into it are unknown, not known to
// do nothing. (Regression: cloudevents' kafka_sarama binding writes the
// event's trace context as headers through such a package.)
package hdrs

import "context"

// Setter receives headers.
type Setter interface{ Set(key, value string) }

// Write writes the headers carried by ctx into s.
func Write(ctx context.Context, s Setter) error {
	if v, ok := ctx.Value(key{}).(string); ok {
		s.Set("traceparent", v)
	}
	return nil
}

// WriteAny writes the headers carried by ctx into msg, whatever it is.
func WriteAny(ctx context.Context, msg any) error {
	if s, ok := msg.(Setter); ok {
		return Write(ctx, s)
	}
	return nil
}

type key struct{}

// Package lib extracts through the global propagator. Its test binary
// (lib.test, a generated main) links no setter, and is not reported.
package lib

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// FromHeaders returns the trace context in h.
func FromHeaders(ctx context.Context, h map[string]string) context.Context {
	return otel.GetTextMapPropagator().Extract(ctx, propagation.MapCarrier(h))
}

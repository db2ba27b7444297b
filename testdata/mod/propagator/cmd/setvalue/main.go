// Command setvalue sets the propagator through a function value: a
// reference to otel.SetTextMapPropagator may call it, and counts.
package main

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"example.com/tw/propagator/lib"
)

var setters = []func(propagation.TextMapPropagator){otel.SetTextMapPropagator}

func main() {
	for _, set := range setters {
		set(propagation.TraceContext{})
	}
	_ = lib.FromHeaders(context.Background(), nil)
}

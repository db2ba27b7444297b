// Package telemetry sets up OpenTelemetry: it sets the global propagator. // want package:`propagator\(sets example.com/tw/propagator/telemetry.Setup\)`
package telemetry

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// Setup sets the global propagator.
func Setup() {
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
}

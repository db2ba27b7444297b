// Package imports checks that fixes add imports where gofmt keeps them and
// pick names that collide with nothing.
package imports

import "go.opentelemetry.io/otel"

var tracer = otel.Tracer("imports")

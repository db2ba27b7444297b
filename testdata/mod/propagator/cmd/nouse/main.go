// Command nouse sets nothing and uses nothing: not a finding.
package main

import "go.opentelemetry.io/otel"

func main() {
	_ = otel.Tracer("nouse")
}

// Command httpapp serves through otelhttp's handler without a propagator
// option.
package main

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

func main() { // want `example.com/tw/propagator/cmd/httpapp.main builds otelhttp.NewHandler without a propagator option, which injects or extracts`
	if err := http.ListenAndServe(":8080", otelhttp.NewHandler(http.NotFoundHandler(), "root")); err != nil {
		panic(err)
	}
}

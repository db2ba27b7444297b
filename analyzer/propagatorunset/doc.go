// Package propagatorunset defines an Analyzer that reports programs whose
// code propagates trace context through OpenTelemetry's global
// propagator while nothing they link ever sets it.
//
// # Analyzer propagatorunset
//
// propagatorunset: report programs that use the global propagator but never set it
//
// OpenTelemetry's global TextMapPropagator is a no-op until
// otel.SetTextMapPropagator is called. Code that injects or extracts
// through otel.GetTextMapPropagator(), and instrumentation that defaults
// to it (otelsarama's wrappers, kotel's NewTracer, splunkkafka's
// producers and consumers, otelhttp's handlers and transports, otelgrpc's
// stats handlers), then writes and reads nothing: the program propagates
// no trace context at all, while every other check passes.
//
// propagatorunset reports a main package, once, at func main, when some
// function it links uses the global propagator and no function it links
// may set it. The message names one such use (package and function) as
// evidence. Any reference to otel.SetTextMapPropagator in a linked package
// counts as setting it: the program's own telemetry package, an SDK or
// configuration library, a setup helper in another module. Instrumentation
// built with an explicit propagator option (WithPropagators(p),
// TracerPropagator(p), WithPropagator(p)), or with options the analysis
// cannot see, does not use the global propagator; neither do explicit
// propagators such as propagation.TraceContext{}.Inject. Test binaries are
// never reported.
//
// The uses and sets of every package travel as package facts from each
// package to its importers, so the check works under go vet across the
// whole dependency graph.
//
// The suggested fix sets the W3C trace-context and baggage composite at
// the top of main:
//
//	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
//
// adding the imports. The use of the global propagator puts OpenTelemetry's
// otel package (which imports propagation) in the program's build.
package propagatorunset

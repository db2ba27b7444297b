// Package staleinject defines an Analyzer that reports injections of the
// caller's context where the context of the producer span, the send span,
// belongs.
//
// # Analyzer staleinject
//
// staleinject: report injections of the caller's context instead of the send span's
//
// A producer that starts a send span (a span of kind producer) must inject
// the context that Start returns: the consumer then continues the trace as
// a child of the send span. Injecting the context the span was started
// from makes the consumer a child of the caller instead, and leaves the
// send span an orphan leaf.
//
// staleinject reports an Inject(ctx, carrier) call in two shapes, both
// judged on the function's control-flow graph (go/ssa), where ctx holds
// the same value at the Inject and at the Start on every path:
//
//   - Inject, then start the send span: Inject(ctx, carrier) runs, and then
//     a span of kind producer (trace.WithSpanKind(trace.SpanKindProducer))
//     is started from that same ctx, before any send of a message.
//   - The span's context is thrown away: a span of kind producer is
//     started from ctx (_, span := tracer.Start(ctx, ...)), and then ctx,
//     not the context Start returned, is injected.
//
// A span's options may be written in the call, held in a variable never
// reassigned, or spread from a local slice whose literal holds the kind.
// Spans of other kinds, span options the analysis cannot see (opts... from
// a parameter),
// and an injection of the context the producer span's Start returned are
// not findings; neither is a function that also injects the span's
// context after the Start.
//
// The suggested fixes: for the first shape, move the injection after the
// span start and inject the context it returns (when nothing between the
// two reads the carrier); for the second, keep the context Start returns
// (naming it when it was discarded) and inject it.
package staleinject

// Package carriercheck defines an Analyzer that reports broken
// propagation.TextMapCarrier implementations of the program.
//
// # Analyzer carriercheck
//
// carriercheck: report carriers whose Keys returns nothing, whose append-only Set duplicates trace headers, or that write into a nil header map
//
// A carrier is a type of the package with the methods of OpenTelemetry's
// propagation.TextMapCarrier: Get(string) string, Set(string, string) and
// Keys() []string. carriercheck reports two mistakes in them.
//
// Keys returns nil or an empty literal. Propagators and bridges that
// enumerate the carrier's keys (OpenTracing and OpenCensus bridges,
// baggage and B3 multi-header handling, logging of headers) see nothing.
// The finding is reported at the method. The suggested fix returns the
// header keys, over the headers the carrier's Set writes.
//
// Set appends without replacing an existing key, where that matters. For a
// fresh message an append-only Set is harmless. The headers it appends to
// may already hold a trace context when they were copied from a received
// message (consume, transform, forward), or when the message is injected
// again (a retry loop, a second injection on a path through the first).
// The message then carries two traceparent headers, and many consumers
// read the first, stale one. The finding is reported at that Inject call,
// naming the carrier's Set. The suggested fix, for slice headers, makes
// Set drop the existing entries for the key before it appends. An
// append-only Set used only on fresh messages is not a finding. A carrier
// of another package is judged by its facts (its Set only appends), with
// no fix.
//
// An injection into the header map of a message that is still nil (a NATS
// or AMQP message literal without headers: &nats.Msg{Subject: s, Data: d}
// injected through propagation.HeaderCarrier(msg.Header)) panics once a
// span is valid, since the carrier's Set writes into the map: the program
// runs until tracing is on, then crashes at the send. It is reported at
// the Inject when the literal is the message's only definition and nothing
// writes into the message, or is handed it, in between. The suggested fix
// gives the literal its header map (Header: nats.Header{}).
//
// Instrumentation libraries' carriers (otelsarama, kotel, splunkkafka,
// dd-trace-go) replace existing keys and enumerate their headers: they are
// not findings.
package carriercheck

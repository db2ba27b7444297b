// Package facts defines the facts tracewire records about functions, so that
// propagation done (or left undone) in one function is judged at its call
// sites, across packages. The summary analyzer owns and computes them; the
// checks read them through its result.
//
// Facts are small structs with sorted slices, so gob encodes them
// deterministically (the same input gives the same bytes, which go vet's
// and golangci-lint's caches rely on).
package facts

import (
	"fmt"
	"slices"
	"strings"
)

// Returns classifies the message a function returns.
type Returns uint8

const (
	// ReturnsNone: the function returns no message, or one the analysis
	// cannot follow.
	ReturnsNone Returns = iota
	// ReturnsFresh: a message the function built without injecting.
	ReturnsFresh
	// ReturnsInjected: a message the function built and injected into.
	ReturnsInjected
)

// Hooks classifies the tracing hooks of a client (or of client options) a
// function returns.
type Hooks uint8

const (
	// HooksUnknown: no client returned, or the analysis cannot tell.
	HooksUnknown Hooks = iota
	// HooksPlain: a client built without a tracing hook.
	HooksPlain
	// HooksTraced: a client built with a tracing hook (kotel), which
	// injects trace context on every send.
	HooksTraced
)

// Join combines two classifications of values that may flow to the same
// place: they must agree, or nothing is known. HooksUnknown from "no value
// yet" is the caller's business.
func (h Hooks) Join(g Hooks) Hooks {
	if h == g {
		return h
	}
	return HooksUnknown
}

// A Func summarises what a function does with trace context. Parameter
// indexes count from 0 and exclude the receiver.
type Func struct {
	// Injects lists message parameters whose headers the function may
	// inject into (directly or through further helpers).
	Injects []int
	// Sends lists message parameters the function sends without injecting
	// first; SendLabel names the send API reached.
	Sends     []int
	SendLabel string
	// Returns tells whether the function returns a message it built, and
	// whether it injected into it.
	Returns Returns
	// Extracts lists message parameters from whose headers the context the
	// function returns may be extracted.
	Extracts []int
	// Spans lists context parameters the function starts spans from (or
	// passes to functions that do).
	Spans []int
	// Hooks classifies the hooked client (franz-go *kgo.Client), or client
	// options, the function returns.
	Hooks Hooks
	// Bare names a send that cannot carry headers (NATS Conn.Publish) the
	// function reaches, directly or through such functions, while it has
	// no context of its own: the trace context of its callers cannot
	// cross it. "" for none.
	Bare string
}

// AFact marks Func as an analysis.Fact.
func (*Func) AFact() {}

// Empty reports whether f records nothing.
func (f *Func) Empty() bool {
	return len(f.Injects) == 0 && len(f.Sends) == 0 && f.Returns == ReturnsNone && len(f.Extracts) == 0 && len(f.Spans) == 0 && f.Hooks == HooksUnknown && f.Bare == ""
}

// Normalize sorts and deduplicates the slices, for deterministic encoding
// and comparison.
func (f *Func) Normalize() {
	for _, s := range []*[]int{&f.Injects, &f.Sends, &f.Extracts, &f.Spans} {
		slices.Sort(*s)
		*s = slices.Compact(*s)
		if len(*s) == 0 {
			*s = nil
		}
	}
	if len(f.Sends) == 0 {
		f.SendLabel = ""
	}
}

// Equal reports whether f and g record the same.
func (f *Func) Equal(g *Func) bool {
	if f == nil || g == nil {
		return f == g
	}
	return slices.Equal(f.Injects, g.Injects) && slices.Equal(f.Sends, g.Sends) && f.SendLabel == g.SendLabel &&
		f.Returns == g.Returns && slices.Equal(f.Extracts, g.Extracts) && slices.Equal(f.Spans, g.Spans) && f.Hooks == g.Hooks && f.Bare == g.Bare
}

// String renders f for tests (// want name:"fact") and debugging, e.g.
// "injects(1) sends(0 via sarama SyncProducer.SendMessage) returns(injected)".
func (f *Func) String() string {
	var parts []string
	add := func(name string, list []int, extra string) {
		if len(list) == 0 {
			return
		}
		s := make([]string, len(list))
		for i, n := range list {
			s[i] = fmt.Sprint(n)
		}
		parts = append(parts, name+"("+strings.Join(s, ",")+extra+")")
	}
	add("injects", f.Injects, "")
	add("sends", f.Sends, " via "+f.SendLabel)
	switch f.Returns {
	case ReturnsFresh:
		parts = append(parts, "returns(fresh)")
	case ReturnsInjected:
		parts = append(parts, "returns(injected)")
	}
	add("extracts", f.Extracts, "")
	add("spans", f.Spans, "")
	switch f.Hooks {
	case HooksPlain:
		parts = append(parts, "client(untraced)")
	case HooksTraced:
		parts = append(parts, "client(traced)")
	}
	if f.Bare != "" {
		parts = append(parts, "bare("+f.Bare+")")
	}
	return strings.Join(parts, " ")
}

// Package marks a package that exports Func facts: importers of it have
// work to do even if they import no client or OpenTelemetry package.
type Package struct {
	// Trace reports that the package, or a package it imports, uses
	// OpenTelemetry or a Kafka instrumentation package: importers have
	// trace context to propagate.
	Trace bool
}

// AFact marks Package as an analysis.Fact.
func (*Package) AFact() {}

func (p *Package) String() string {
	if p.Trace {
		return "tracewire(trace)"
	}
	return "tracewire"
}

// Propagator records a package's use of OpenTelemetry's global
// TextMapPropagator, with that of every package it imports (directly or
// not): importers learn about the whole dependency graph from their direct
// imports. Each use or set is named by one function, as evidence: the
// first of the package in source order, else that of the import first by
// path. All fields are strings, so the encoding is deterministic.
type Propagator struct {
	// UsePkg and UseFunc name a function that injects or extracts through
	// the global propagator (otel.GetTextMapPropagator(), or
	// instrumentation built without a propagator option), or are "".
	UsePkg, UseFunc string
	// UseVia names the instrumentation function (package name and
	// function, "otelgrpc.NewClientHandler") through which UseFunc uses
	// the global propagator, or is "" for a direct use.
	UseVia string
	// SetPkg and SetFunc name a function that may call
	// otel.SetTextMapPropagator, or are "".
	SetPkg, SetFunc string
}

// AFact marks Propagator as an analysis.Fact.
func (*Propagator) AFact() {}

// Uses reports whether some function uses the global propagator.
func (p *Propagator) Uses() bool { return p.UsePkg != "" }

// Sets reports whether some function may set the global propagator.
func (p *Propagator) Sets() bool { return p.SetPkg != "" }

// Empty reports whether p records nothing.
func (p *Propagator) Empty() bool { return !p.Uses() && !p.Sets() }

// Merge adds to p what q records and p lacks: p's own evidence comes first.
func (p *Propagator) Merge(q *Propagator) {
	if !p.Uses() && q.Uses() {
		p.UsePkg, p.UseFunc, p.UseVia = q.UsePkg, q.UseFunc, q.UseVia
	}
	if !p.Sets() && q.Sets() {
		p.SetPkg, p.SetFunc = q.SetPkg, q.SetFunc
	}
}

// String renders p for tests (// want package:"...") and debugging, e.g.
// "propagator(uses example.com/pub.Publish; sets example.com/telemetry.Setup)".
func (p *Propagator) String() string {
	var parts []string
	if p.Uses() {
		use := "uses " + p.UsePkg + "." + p.UseFunc
		if p.UseVia != "" {
			use += " via " + p.UseVia
		}
		parts = append(parts, use)
	}
	if p.Sets() {
		parts = append(parts, "sets "+p.SetPkg+"."+p.SetFunc)
	}
	return "propagator(" + strings.Join(parts, "; ") + ")"
}

// Carrier is recorded about a propagation.TextMapCarrier type of the
// package (its *types.TypeName) whose Set appends a header without
// removing an existing one for the key, so that an Inject through it in
// another package is judged like one in its own.
type Carrier struct {
	// AppendOnly reports that Set only appends.
	AppendOnly bool
	// SetAt is the position of Set, "file.go:line", for diagnostics.
	SetAt string
}

// AFact marks Carrier as an analysis.Fact.
func (*Carrier) AFact() {}

// String renders c for tests (// want Name:"...") and debugging.
func (c *Carrier) String() string {
	if c.AppendOnly {
		return "carrier(append-only Set at " + c.SetAt + ")"
	}
	return "carrier"
}

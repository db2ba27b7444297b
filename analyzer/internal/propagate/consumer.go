package propagate

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/otelapi"
	"github.com/tracewire/tracewire/analyzer/internal/sites"
)

// A Received is a consumed message held in a variable.
type Received struct {
	V       *types.Var
	Aliases map[*types.Var]bool
	Desc    *knowledge.Message
	// Param is the function the message is a parameter of, or nil.
	Param ast.Node
}

// Received returns the variables of the unit holding a received message:
// parameters of a consumed message type, and variables assigned from a
// consumer's receive API. Messages the unit builds or produces are not
// received.
func (j *Judge) Received() []*Received {
	produced := map[*types.Var]bool{}
	for _, s := range sites.Sends(j.U, j.Table, j.CallFact) {
		if v := flow.Root(j.Info, s.Msg); v != nil {
			for a := range j.U.Aliases(v) {
				produced[a] = true
			}
		}
	}
	var out []*Received
	for v, defs := range j.U.Defs {
		desc := j.Table.Message(v.Type())
		if desc == nil || !desc.Consumed || produced[v] {
			continue
		}
		m := &Received{V: v, Desc: desc}
		if ok := j.received(defs, desc, m); ok {
			m.Aliases = j.U.Aliases(v)
			out = append(out, m)
		}
	}
	return out
}

// received reports whether the definitions of a message variable show a
// received message: a parameter, or a value obtained from a consumer's
// receive API (for a type used in both directions the receive must be
// visible; a consume-only type just must not be built here).
func (j *Judge) received(defs []flow.Def, desc *knowledge.Message, m *Received) bool {
	received := false
	for _, d := range defs {
		switch d.Kind {
		case flow.Param:
			if j.Callback != nil && j.Callback(d.Func) {
				return false // a delivery report of a sent message
			}
			received, m.Param = true, d.Func
		case flow.Zero:
			return false
		case flow.Range, flow.TypeSwitch, flow.Assign:
			if d.Kind == flow.Assign && isLiteral(j.Info, d.RHS) {
				return false
			}
			if !desc.Produced {
				received = true
				continue
			}
			deps := j.U.Deps(d.RHS)
			for v := range deps.Vars {
				if j.Table.Container(v.Type()) {
					received = true // taken from fetched records
				}
				if j.clientChan(v) {
					received = true // from a channel the client delivers on
				}
			}
			for _, call := range deps.Calls {
				if j.Table.Container(j.Info.TypeOf(call)) {
					received = true
				}
				if fn := j.StaticCallee(call); fn != nil && j.Table.Receive(fn) {
					received = true
				}
				if fn, ok := calleeFunc(j.Info, call); ok && j.Table.Receive(fn) {
					received = true
				}
			}
		}
	}
	return received
}

// clientChan reports whether v is a channel the unit gives a client to
// deliver consumed messages on (NATS's ChanSubscribe(subject, ch)).
func (j *Judge) clientChan(v *types.Var) bool {
	if _, ok := v.Type().Underlying().(*types.Chan); !ok {
		return false
	}
	aliases := j.U.Aliases(v)
	for _, call := range j.U.Calls {
		fn, ok := calleeFunc(j.Info, call)
		if !ok {
			continue
		}
		if i, ok := j.Table.ReceiveChan(fn); ok && i < len(call.Args) && aliases[flow.Root(j.Info, call.Args[i])] {
			return true
		}
	}
	return false
}

// InScope returns the received messages whose scope holds pos.
func InScope(msgs []*Received, pos token.Pos) []*Received {
	var out []*Received
	for _, m := range msgs {
		if s := m.V.Parent(); s != nil && s.Contains(pos) && m.V.Pos() < pos {
			out = append(out, m)
		}
	}
	return out
}

// Innermost returns the message declared last among msgs.
func Innermost(msgs []*Received) *Received {
	best := msgs[0]
	for _, m := range msgs[1:] {
		if m.V.Pos() > best.V.Pos() {
			best = m
		}
	}
	return best
}

// Propagated reports whether a span started (or a span-starting function
// called) with parent context parent and further arguments others may
// continue or link to the trace of one of msgs, or whether the analysis
// cannot tell: it is a child of a span started here, the context came with
// a message parameter from the caller, or code we cannot see extracts.
func (j *Judge) Propagated(parent ast.Expr, others []ast.Expr, msgs []*Received) bool {
	pdeps := j.U.Deps(parent)
	for _, pc := range pdeps.Calls {
		if len(InScope(msgs, pc.Pos())) == 0 {
			continue // a span started before the message arrived is no excuse
		}
		if otelapi.Classify(j.Info, pc) == otelapi.Start {
			return true // a child of a span started for the message: that Start is judged instead
		}
		if f := j.CallFact(pc); f != nil && len(f.Spans) > 0 {
			return true // a context returned by a span-starting helper, judged at that call
		}
	}
	odeps := j.U.Deps(others...)
	for _, m := range msgs {
		if j.ExtractedFrom(pdeps, m.Aliases) || j.ExtractedFrom(odeps, m.Aliases) {
			return true
		}
		if m.Param != nil && j.FromParam(pdeps, m.Param) && j.callersJudged(m.Param) {
			// The handler received its context with the message: its
			// callers are judged instead.
			return true
		}
	}
	return false
}

// callersJudged reports whether the context parameter of a handler comes
// from callers that are judged where they call it: not for a callback a
// client calls with consumed messages, whose context is the client's
// (the subscription's), unless the client extracted the message's trace
// context into it.
func (j *Judge) callersJudged(fn ast.Node) bool {
	if j.ReceiveCallback == nil {
		return true
	}
	rc, ok := j.ReceiveCallback(fn)
	return !ok || rc.Extracted
}

// FromParam reports whether deps includes a context parameter of fn.
func (j *Judge) FromParam(deps *flow.Set, fn ast.Node) bool {
	for v := range deps.Vars {
		for _, d := range j.U.Defs[v] {
			if d.Kind == flow.Param && d.Func == fn && otelapi.IsContext(v.Type()) {
				return true
			}
		}
	}
	return false
}

// ExtractedFrom reports whether deps includes an extraction of trace
// context from a message in aliases: a propagator Extract or
// trace.ContextWithRemoteSpanContext over something derived from it, a
// function whose facts say it extracts from that argument, or a dynamic
// call given the message.
func (j *Judge) ExtractedFrom(deps *flow.Set, aliases map[*types.Var]bool) bool {
	for _, sel := range deps.Fields {
		// The context field consumer hooks set to the extracted context
		// (franz-go's record.Context with kotel).
		if desc := j.Table.Message(j.Info.TypeOf(sel.X)); desc != nil && desc.ContextField == sel.Sel.Name && aliases[flow.Root(j.Info, sel.X)] {
			return true
		}
	}
	for _, call := range deps.Calls {
		if fn, ok := calleeFunc(j.Info, call); ok {
			if i, ok := j.Table.Extractor(fn); ok {
				if i < len(call.Args) && j.U.Deps(call.Args[i]).HasAny(aliases) {
					return true
				}
				continue
			}
		}
		switch otelapi.Classify(j.Info, call) {
		case otelapi.Extract, otelapi.RemoteSpanContext:
			if len(call.Args) == 2 && j.U.Deps(call.Args[1]).HasAny(aliases) {
				return true
			}
		case otelapi.Other:
			if j.Known(call) {
				if f := j.CallFact(call); f != nil {
					for _, i := range f.Extracts {
						if i < len(call.Args) && aliases[flow.Root(j.Info, call.Args[i])] {
							return true
						}
					}
				}
				continue
			}
			if !j.opaque(call) {
				continue
			}
			for _, a := range call.Args {
				if v := flow.Root(j.Info, a); v != nil && aliases[v] {
					return true
				}
				// A carrier or wrapper built over the message (dd-trace's
				// tracer.Extract(kafkatrace.NewMessageCarrier(msg))), not
				// a piece of its payload.
				if !isPlainData(j.Info.TypeOf(a)) && j.U.Deps(a).HasAny(aliases) {
					return true
				}
			}
		}
	}
	return false
}

// WellTyped reports whether every expression within args has a valid type:
// ill-typed code is not judged.
func (j *Judge) WellTyped(args []ast.Expr) bool {
	info := j.Info
	ok := true
	for _, a := range args {
		if t := info.TypeOf(a); t == nil || t == types.Typ[types.Invalid] {
			return false
		}
		ast.Inspect(a, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.Ident:
				if n.Name != "_" && info.Uses[n] == nil && info.Defs[n] == nil {
					ok = false
				}
			case ast.Expr:
				if t := info.TypeOf(n); t == types.Typ[types.Invalid] {
					ok = false
				}
			}
			return ok
		})
	}
	return ok
}

// isPlainData reports whether t is a basic type or a slice of bytes: a
// message's payload or metadata, not something trace context is read from.
func isPlainData(t types.Type) bool {
	if t == nil {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return true
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
}

package propagate

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/tracewire/tracewire/analyzer/internal/facts"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/sites"
)

// A SendState is how a send site is judged.
type SendState int

const (
	// SendJudged: the message is judged by what reaches its headers
	// (SendVerdict.Missing).
	SendJudged SendState = iota
	// SendInstrumented: the send, or the tracing hooks its client is
	// built with, injects the trace context of its context argument;
	// only that argument is left to judge.
	SendInstrumented
	// SendMaybeInstrumented: the client's tracing hooks may be installed
	// where it is built, out of sight: nothing to judge.
	SendMaybeInstrumented
	// SendUnknown: the message's origin is out of sight (a call the facts
	// say nothing about, a field): nothing to judge.
	SendUnknown
)

// A SendVerdict is the judgement of one send site: the one that
// producerinject reports and the fact summary records, so that a send
// inline and the same lines in a wrapper are judged alike.
type SendVerdict struct {
	State SendState
	// Missing reports, for SendJudged, that trace context may not reach
	// the headers of the message (or of a message of the slice) sent.
	Missing bool
	Desc    *knowledge.Message
	// Aliases is the alias class of the message (or slice) variable sent;
	// nil for a message built in place.
	Aliases map[*types.Var]bool
}

// Send judges a send site. params lists the parameters whose values count
// as messages of known origin (the caller's: judged at the calls); the
// fact summary gives the function's parameters, producerinject those of
// functions nobody calls.
func (j *Judge) Send(s sites.Send, params map[*types.Var]bool) SendVerdict {
	if s.Traced {
		return SendVerdict{State: SendInstrumented}
	}
	if s.Hooked {
		switch j.ClientHooks(s.Recv) {
		case facts.HooksUnknown:
			return SendVerdict{State: SendMaybeInstrumented}
		case facts.HooksTraced:
			return SendVerdict{State: SendInstrumented}
		}
	}
	if s.Slice {
		v, ok := j.sliceVerdict(s, params)
		if !ok {
			return SendVerdict{State: SendUnknown}
		}
		return v
	}
	m, ok := j.Message(s.Msg, params)
	if !ok {
		return SendVerdict{State: SendUnknown}
	}
	return SendVerdict{Missing: !j.Injected(m, s.Node) && !j.inBody(m), Desc: m.Desc, Aliases: m.Aliases}
}

// inBody reports whether the trace context travels in the message's body
// rather than its headers: a Body field of the message (its literal's
// element, or a write into it) derives from a carrier a propagator
// injects into (an envelope marshalled with its traceparent as SQS's
// MessageBody, the AWSTraceHeader system attribute filled from X-Ray's
// propagator), as for a send that cannot carry headers (InPayload).
func (j *Judge) inBody(m Message) bool {
	if m.Desc == nil || len(m.Desc.Body) == 0 {
		return false
	}
	body := func(name string) bool { return slices.Contains(m.Desc.Body, name) }
	var exprs []ast.Expr
	add := func(e ast.Expr) {
		inner := ast.Unparen(e)
		if u, ok := inner.(*ast.UnaryExpr); ok {
			inner = ast.Unparen(u.X)
		}
		if cl, ok := inner.(*ast.CompositeLit); ok {
			for _, el := range cl.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok && body(id.Name) {
						exprs = append(exprs, kv.Value)
					}
				}
			}
		}
	}
	if m.Lit != nil {
		add(m.Lit)
	}
	for a := range m.Aliases {
		for _, d := range j.U.Defs[a] {
			if d.RHS != nil {
				add(d.RHS)
			}
		}
		for _, d := range j.U.Writes[a] {
			if d.RHS != nil && slices.ContainsFunc(m.Desc.Body, func(f string) bool { return writesField(d.LHS, f) }) {
				exprs = append(exprs, d.RHS)
			}
		}
	}
	return len(exprs) > 0 && j.InPayload(exprs)
}

// writesField reports whether the left-hand side lhs writes into the
// field named field (m.Body = b, m.Attrs[k] = v).
func writesField(lhs ast.Expr, field string) bool {
	for e := lhs; e != nil; {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if x.Sel.Name == field {
				return true
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return false
		}
	}
	return false
}

// Package sites finds the messaging-API call sites of a function: the places
// a message is handed to a producer, per the knowledge table.
package sites

import (
	"go/ast"
	"go/types"
	"sort"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/tracewire/tracewire/analyzer/internal/facts"
	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
)

// A Send is one place a message leaves for the broker.
type Send struct {
	Node  ast.Node // *ast.CallExpr or *ast.SendStmt
	Msg   ast.Expr // the message (or slice of messages) operand
	Slice bool
	// Chan reports a send on a channel (Label names the channel's source).
	Chan  bool
	Label string
	// Via reports that the message is handed to a helper that sends it
	// (per its facts); Node is then the call of the helper.
	Via bool
	// Hooked reports a send of a client whose tracing hooks, when
	// installed, inject the trace context of Ctx; Recv is the client.
	Hooked    bool
	Recv, Ctx ast.Expr
	// Traced reports a send that itself injects the trace context of Ctx
	// (an instrumentation wrapper's). Injector names what injects, for
	// Hooked and Traced sends.
	Traced   bool
	Injector string
	// Untraced tells, for a Hooked send, that the client lacks its
	// tracing hooks.
	Untraced string
}

// Sends returns the sends of u in source order: calls of the client APIs
// in the table, sends on their channels, and calls of functions whose facts
// (callFact, which may be nil, returns them) say they send a message
// parameter without injecting.
func Sends(u *flow.Unit, t *knowledge.Table, callFact func(*ast.CallExpr) *facts.Func) []Send {
	var out []Send
	for _, call := range u.Calls {
		fn, _ := typeutil.Callee(u.Info, call).(*types.Func)
		if s, ok := t.Send(fn); ok && s.Bare != nil {
			continue // no message: see Bare
		} else if ok && s.Arg < len(call.Args) {
			base := Send{Node: call, Label: s.Label, Untraced: s.Untraced}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && (s.Hooked || s.Traced) && s.Ctx < len(call.Args) {
				base.Hooked, base.Traced, base.Recv, base.Ctx = s.Hooked, s.Traced, sel.X, call.Args[s.Ctx]
				base.Injector = s.Injector
			}
			switch {
			case s.Variadic && call.Ellipsis.IsValid():
				base.Msg, base.Slice = call.Args[s.Arg], true
				out = append(out, base)
			case s.Variadic:
				for _, m := range call.Args[s.Arg:] {
					one := base
					one.Msg = m
					out = append(out, one)
				}
			case s.Field != "":
				if e := fieldValue(u, call.Args[s.Arg], s.Field, 0); e != nil {
					base.Msg, base.Slice = e, true
					out = append(out, base)
				}
			default:
				base.Msg, base.Slice = call.Args[s.Arg], s.Slice
				out = append(out, base)
			}
			continue
		}
		if callFact == nil {
			continue
		}
		f := callFact(call)
		if f == nil {
			continue
		}
		for _, i := range f.Sends {
			if i >= len(call.Args) {
				continue
			}
			_, slice := typesUnder(u.Info.TypeOf(call.Args[i])).(*types.Slice)
			out = append(out, Send{Node: call, Msg: call.Args[i], Slice: slice, Label: f.SendLabel, Via: true})
		}
	}
	for _, st := range u.SendStmts {
		if label, ok := sendChan(u, t, st.Chan, 0); ok {
			out = append(out, Send{Node: st, Msg: st.Value, Chan: true, Label: label})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Node.Pos() < out[j].Node.Pos() })
	return out
}

// A BareSend is a call of a send that takes no message with headers
// (NATS's Publish(subject, data)), or of a function whose facts say it
// reaches one with no context of its own (Via: How is nil).
type BareSend struct {
	Call  *ast.CallExpr
	Label string
	How   *knowledge.Reroute
	Via   bool
}

// Bare returns the calls of u to sends that cannot carry headers, and to
// functions whose facts (callFact, which may be nil) say they reach one
// with no context of their own, in source order.
func Bare(u *flow.Unit, t *knowledge.Table, callFact func(*ast.CallExpr) *facts.Func) []BareSend {
	var out []BareSend
	for _, call := range u.Calls {
		fn, _ := typeutil.Callee(u.Info, call).(*types.Func)
		if s, ok := t.Send(fn); ok && s.Bare != nil {
			out = append(out, BareSend{Call: call, Label: s.Label, How: s.Bare})
			continue
		}
		if callFact == nil {
			continue
		}
		if f := callFact(call); f != nil && f.Bare != "" {
			out = append(out, BareSend{Call: call, Label: f.Bare, Via: true})
		}
	}
	return out
}

// fieldValue returns the value given to the field named field of e, a
// struct (or a pointer to one): the element of its composite literal, or,
// for a local variable, of the literal it is assigned once, or the value
// of the one assignment to the field. Nil where it cannot be seen.
func fieldValue(u *flow.Unit, e ast.Expr, field string, depth int) ast.Expr {
	if depth > 4 {
		return nil
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return fieldValue(u, x.X, field, depth+1)
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == field {
					return kv.Value
				}
			}
		}
	case *ast.Ident:
		v, ok := u.Info.Uses[x].(*types.Var)
		if !ok {
			return nil
		}
		var set []ast.Expr
		for _, w := range u.Writes[v] {
			sel, ok := ast.Unparen(w.LHS).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != field {
				continue
			}
			if w.Kind != flow.Assign || len(w.Extra) > 0 {
				return nil // appended to, or written through an index
			}
			set = append(set, w.RHS)
		}
		defs := u.Defs[v]
		switch {
		case len(set) == 1:
			return set[0]
		case len(set) == 0 && len(defs) == 1 && defs[0].Kind == flow.Assign:
			return fieldValue(u, defs[0].RHS, field, depth+1)
		}
	}
	return nil
}

func typesUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// sendChan reports whether ch is a channel obtained from a send-channel
// method (AsyncProducer.Input, Producer.ProduceChannel), directly or
// through local variables.
func sendChan(u *flow.Unit, t *knowledge.Table, ch ast.Expr, depth int) (string, bool) {
	if depth > 4 {
		return "", false
	}
	switch x := ast.Unparen(ch).(type) {
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(u.Info, x).(*types.Func)
		if s, ok := t.SendChan(fn); ok {
			return s.Label, true
		}
	case *ast.Ident:
		if v, ok := u.Info.Uses[x].(*types.Var); ok {
			for _, d := range u.Defs[v] {
				if d.Kind == flow.Assign {
					if l, ok := sendChan(u, t, d.RHS, depth+1); ok {
						return l, true
					}
				}
			}
		}
	}
	return "", false
}

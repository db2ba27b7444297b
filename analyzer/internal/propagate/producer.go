// Package propagate decides what counts as propagation: whether a
// message's headers may receive injected trace context before a send, and
// whether a context may be extracted from a message. Both checks and the
// summary analyzer that computes facts share it, so a helper is judged by
// the same rules as inline code.
package propagate

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/tracewire/tracewire/analyzer/internal/facts"
	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/otelapi"
	"github.com/tracewire/tracewire/analyzer/internal/sites"
)

// Lookup returns the facts recorded about a function, or nil.
type Lookup func(fn *types.Func) *facts.Func

// A Judge answers propagation questions about one function.
type Judge struct {
	Info  *types.Info
	Table *knowledge.Table
	U     *flow.Unit
	Facts Lookup
	// Closures holds summaries of function literals assigned to local
	// variables of the unit (send := func(m *sarama.ProducerMessage) {...}),
	// so that calls through those variables are followed.
	Closures map[*types.Var]*facts.Func
	// Analyzed reports whether tracewire summarized the functions of a
	// package (this one, or a dependency carrying facts). Calls into other
	// packages are not known: they may inject or extract. Nil means all.
	Analyzed func(*types.Package) bool
	// Fields classifies the hooked client a struct field of the package
	// holds (per every assignment to it); nil means unknown.
	Fields func(*types.Var) facts.Hooks
	// Callback reports whether a function (*ast.FuncLit or *ast.FuncDecl)
	// is given to a send as its delivery callback: its message parameter
	// is the sent message, not a received one.
	Callback func(ast.Node) bool
	// ReceiveCallback reports whether a function is given to a receive as
	// the callback the client calls with consumed messages, and what the
	// table says of that receive (whether the client extracted the
	// message's trace context into the callback's context).
	ReceiveCallback func(ast.Node) (knowledge.ReceiveCallback, bool)
}

// A Message is a produced message whose origin the analysis can see.
type Message struct {
	// Lit is an inline message: a composite literal, or a call to a
	// function returning a message it built. Nil for a variable.
	Lit     ast.Expr
	Aliases map[*types.Var]bool
	Desc    *knowledge.Message
	// Injected reports that the message comes from a function that
	// injected into it.
	Injected bool
}

// Message classifies a message operand: an inline literal, a message built
// and returned by a function (per its facts), or a local variable whose
// every definition is one of those. A message parameter counts when
// params allows it (a helper nobody calls); anything else (a call the
// facts say nothing about, a field) is left alone.
func (j *Judge) Message(e ast.Expr, params map[*types.Var]bool) (Message, bool) {
	info := j.Info
	desc := j.Table.Message(info.TypeOf(e))
	if desc == nil || !desc.Produced {
		return Message{}, false
	}
	if isLiteral(info, e) || j.constructed(e) {
		return Message{Lit: e, Desc: desc}, true
	}
	if r := j.returns(e); r != facts.ReturnsNone {
		return Message{Lit: e, Desc: desc, Injected: r == facts.ReturnsInjected}, true
	}
	v := flow.PlainVar(info, e)
	if v == nil {
		return Message{}, false
	}
	m := Message{Aliases: j.U.Aliases(v), Desc: desc}
	for a := range m.Aliases {
		for _, d := range j.U.Defs[a] {
			switch {
			case d.Kind == flow.Zero:
			case d.Kind == flow.Param && params[a]:
			case d.Kind == flow.Assign && (isLiteral(info, d.RHS) || j.constructed(d.RHS)):
			case d.Kind == flow.Assign && m.Aliases[flow.PlainVar(info, d.RHS)]:
			case d.Kind == flow.Assign && j.returns(d.RHS) != facts.ReturnsNone:
				if j.returns(d.RHS) == facts.ReturnsInjected {
					m.Injected = true
				}
			default:
				return Message{}, false
			}
		}
	}
	return m, true
}

// constructed reports whether e is a call of a client's message
// constructor (nats.NewMsg).
func (j *Judge) constructed(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, _ := typeutil.Callee(j.Info, call).(*types.Func)
	return j.Table.Constructor(fn)
}

// returns classifies e as a call to a function whose facts say it returns
// a message it built.
func (j *Judge) returns(e ast.Expr) facts.Returns {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return facts.ReturnsNone
	}
	if f := j.CallFact(call); f != nil {
		return f.Returns
	}
	return facts.ReturnsNone
}

// CallFact returns the facts about what call calls: a function or method
// called statically, or a function literal held in a local variable.
func (j *Judge) CallFact(call *ast.CallExpr) *facts.Func {
	if fn := j.StaticCallee(call); fn != nil {
		if !j.Known(call) {
			return nil
		}
		return j.fact(fn)
	}
	if v := j.closureVar(call); v != nil {
		if f := j.Closures[v]; f != nil && !f.Empty() {
			return f
		}
	}
	return nil
}

// Known reports whether the analysis sees what call calls (CallFact then
// tells all it does with trace context).
func (j *Judge) Known(call *ast.CallExpr) bool {
	if fn := j.StaticCallee(call); fn != nil {
		return fn.Pkg() == nil || j.Analyzed == nil || j.Analyzed(fn.Pkg())
	}
	return j.closureVar(call) != nil
}

func (j *Judge) closureVar(call *ast.CallExpr) *types.Var {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := j.Info.Uses[id].(*types.Var)
	if _, ok := j.Closures[v]; ok {
		return v
	}
	return nil
}

// StaticCallee returns the function a call statically calls (for a generic
// function, its origin), or nil for dynamic calls, builtins and conversions.
func (j *Judge) StaticCallee(call *ast.CallExpr) *types.Func {
	fn := typeutil.StaticCallee(j.Info, call)
	if fn == nil {
		fn = j.boundFunc(call.Fun)
	}
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// boundFunc resolves a call through a local variable assigned once from a
// function name or a method value of a concrete type (publish :=
// s.pub.Publish): the callee is statically known. A method value of an
// interface is not.
func (j *Judge) boundFunc(fun ast.Expr) *types.Func {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok || j.U == nil {
		return nil
	}
	v, _ := j.Info.Uses[id].(*types.Var)
	defs := j.U.Defs[v]
	if v == nil || len(defs) != 1 || defs[0].Kind != flow.Assign || len(j.U.Writes[v]) > 0 {
		return nil
	}
	switch x := ast.Unparen(defs[0].RHS).(type) {
	case *ast.SelectorExpr:
		if sel, ok := j.Info.Selections[x]; ok {
			if sel.Kind() != types.MethodVal || types.IsInterface(sel.Recv()) {
				return nil
			}
			fn, _ := sel.Obj().(*types.Func)
			return fn
		}
		fn, _ := j.Info.Uses[x.Sel].(*types.Func) // pkg.Func
		return fn
	case *ast.Ident:
		fn, _ := j.Info.Uses[x].(*types.Func)
		return fn
	}
	return nil
}

func (j *Judge) fact(fn *types.Func) *facts.Func {
	if fn == nil || j.Facts == nil {
		return nil
	}
	return j.Facts(fn)
}

// opaque reports whether call is a dynamic call (interface method, function
// value) the analysis cannot see into, outside the standard library and
// OpenTelemetry.
func (j *Judge) opaque(call *ast.CallExpr) bool {
	if tv, ok := j.Info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return false
	}
	if j.Known(call) {
		return false
	}
	fn, _ := typeutil.Callee(j.Info, call).(*types.Func)
	return fn == nil || (!otelapi.IsStdlib(fn) && !otelapi.IsOTelFunc(fn))
}

// isLiteral reports whether e is T{...}, &T{...} or new(T).
func isLiteral(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch x := e.(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "new" {
				return true
			}
		}
	}
	return false
}

// Injected reports whether trace context may reach m's headers before at
// (a send, a return statement; nil for the end of the function). Only what
// the headers derive from counts: a carrier copied into another field
// (Metadata) is no injection, and a call feeding the payload or a header's
// value (an encoder, a tenant lookup) is not one either.
//
// Order is judged on the control-flow graph (flow.MayReach): an injection
// counts when it may execute before at on some path that neither builds a
// new message nor resets the headers (msg.Headers = nil, a new literal);
// a map carrier counts when it is filled, then copied into the headers,
// then sent, in that order.
func (j *Judge) Injected(m Message, at ast.Node) bool {
	if m.Injected {
		return true
	}
	hw := j.headerWrites(m)
	var hexprs []ast.Expr
	for _, w := range hw {
		hexprs = append(hexprs, w.exprs...)
	}
	deps := j.U.Deps(hexprs...)
	exprs := append([]ast.Expr(nil), hexprs...)
	for v := range deps.Vars {
		for _, list := range [][]flow.Def{j.U.Defs[v], j.U.Writes[v]} {
			for _, d := range list {
				exprs = append(exprs, d.RHS)
			}
		}
	}
	if j.mentionsTraceparent(exprs) {
		return true // a W3C header written by hand
	}
	if j.forwarded(deps, hexprs, m) {
		return true // the headers of a received message, carried on
	}
	ht := j.headerFieldType(m)
	for _, call := range deps.Calls {
		if j.mayProvideHeaders(call, ht) {
			return true // headers built by code that may inject
		}
	}
	kill := j.killer(hw, nil)
	for _, call := range j.U.Calls {
		kind := otelapi.Classify(j.Info, call)
		if carrier := j.injectCarrier(call, kind); carrier != nil {
			if isMap(j.Info.TypeOf(carrier)) {
				// The message's own header map, converted to a carrier
				// (propagation.HeaderCarrier(msg.Header)), is written
				// into directly.
				if m.Aliases != nil && j.ownHeaders(carrier, m, 0) && j.precedes(call, at, kill) {
					return true
				}
			} else if m.Aliases != nil && j.U.Deps(carrier).HasAny(m.Aliases) && j.precedes(call, at, kill) {
				return true // a carrier built on the message (otelsarama.NewProducerMessageCarrier(msg))
			}
			if j.carrierReaches(call, carrier, deps, hw, at, kill) {
				return true
			}
			continue
		}
		if kind != otelapi.Other {
			continue
		}
		if f := j.CallFact(call); f != nil {
			for _, i := range f.Injects {
				if i >= len(call.Args) {
					continue
				}
				if m.Aliases != nil && m.Aliases[flow.Root(j.Info, call.Args[i])] && j.precedes(call, at, kill) {
					return true // a helper that injects into its parameter
				}
				if j.carrierReaches(call, call.Args[i], deps, hw, at, kill) {
					return true // a helper that injects into the carrier it is given
				}
			}
			continue
		}
		if !j.opaque(call) || !j.opaqueWithContext(call) {
			continue
		}
		if m.Aliases != nil && j.passes(call, m.Aliases) && j.precedes(call, at, kill) {
			return true // dynamic code given the context and the message may inject
		}
		for _, a := range call.Args {
			if j.writable(a) && j.carrierReaches(call, a, deps, hw, at, kill) {
				return true // dynamic code given the context and a carrier may inject into it
			}
		}
	}
	return false
}

// carrierReaches reports whether what a call (an Inject, or a helper that
// injects) writes into carrier reaches the headers before at. The carrier
// is a variable the headers are made of (perhaps by address, perhaps
// converted: Inject(ctx, &c) then Headers: []sarama.RecordHeader(c)):
//
//   - what the call wrote is in the variable once the call returns, so a
//     header write made of the variable after the call carries it (a
//     slice carrier copied into the headers before the call does not see
//     the appends of its Set);
//   - a map is shared: headers that are the map itself, or a conversion
//     of it, see the call's writes even when they were set before it
//     (h := nats.Header{}; msg := &nats.Msg{Header: h}; then
//     Inject(ctx, propagation.HeaderCarrier(h))).
func (j *Judge) carrierReaches(call *ast.CallExpr, carrier ast.Expr, deps *flow.Set, hw []headerWrite, at ast.Node, kill func(ssa.Instruction) bool) bool {
	vs := j.carrierVars(carrier)
	for v := range vs {
		if deps.Vars[v] && j.copiedAfter(call, v, hw, at) {
			return true
		}
	}
	if !isMap(j.Info.TypeOf(carrier)) {
		return false
	}
	for i := range hw {
		w := &hw[i]
		for _, e := range w.exprs {
			if v := j.sameValue(e); v != nil && vs[v] && j.precedes(span{w.from, w.to}, call, nil) && j.precedes(call, at, kill) {
				return true
			}
		}
	}
	return false
}

// carrierVars returns the variable a carrier argument is (v, &v, T(v),
// T(&v)) and, for a map, the variables holding the same map through plain
// copies and conversions in either direction (hdr :=
// propagation.HeaderCarrier(h) makes hdr and h one map). A slice's copies
// are not the same slice once an append grows it.
func (j *Judge) carrierVars(carrier ast.Expr) map[*types.Var]bool {
	v := j.sameValue(carrier)
	if v == nil {
		return nil
	}
	out := map[*types.Var]bool{v: true}
	if !isMap(v.Type()) {
		return out
	}
	for changed := true; changed; {
		changed = false
		for w, defs := range j.U.Defs {
			if len(defs) != 1 || defs[0].Kind != flow.Assign || !isMap(w.Type()) {
				continue
			}
			src := j.sameValue(defs[0].RHS)
			if src == nil || !isMap(src.Type()) || out[src] == out[w] {
				continue
			}
			out[src], out[w], changed = true, true, true
		}
	}
	return out
}

// sameValue returns the local variable e is, through parentheses, address
// taking and conversions (v, &v, T(v), T(&v)), or nil.
func (j *Judge) sameValue(e ast.Expr) *types.Var {
	for depth := 0; depth < 5; depth++ {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, ok := j.Info.Uses[x].(*types.Var)
			if !ok || v.IsField() {
				return nil
			}
			return v
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil
			}
			e = x.X
		case *ast.CallExpr:
			tv, ok := j.Info.Types[x.Fun]
			if !ok || !tv.IsType() || len(x.Args) != 1 {
				return nil
			}
			e = x.Args[0]
		default:
			return nil
		}
	}
	return nil
}

// writable reports whether a call given e can write through it into a
// carrier: e is a variable's address or a map, of a type with a
// Set(string, string) method (a TextMapCarrier).
func (j *Judge) writable(e ast.Expr) bool { return j.writableType(j.Info.TypeOf(e)) }

// writableType reports whether a value of type t given to a call lets it
// write into a carrier: a pointer or a map, with a Set(string, string)
// method.
func (j *Judge) writableType(t types.Type) bool {
	if t == nil {
		return false
	}
	if _, ok := t.Underlying().(*types.Pointer); !ok && !isMap(t) {
		return false
	}
	return isCarrier(t)
}

// isCarrier reports whether t has a Set(string, string) method.
func isCarrier(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Set")
	fn, ok := obj.(*types.Func)
	return ok && fn.Type().(*types.Signature).Params().Len() == 2
}

// PayloadArgs returns the arguments of a send other than contexts: what
// may carry the trace context in the payload.
func PayloadArgs(info *types.Info, args []ast.Expr) []ast.Expr {
	var out []ast.Expr
	for _, a := range args {
		if !otelapi.IsContext(info.TypeOf(a)) {
			out = append(out, a)
		}
	}
	return out
}

// InPayload reports whether the trace context may travel in the payload of
// a send that cannot carry headers: an argument derives from a carrier a
// propagator injects into (an envelope marshalled with its traceparent),
// or spells a traceparent key.
func (j *Judge) InPayload(args []ast.Expr) bool {
	deps := j.U.Deps(args...)
	if j.mentionsTraceparent(args) {
		return true
	}
	for _, call := range j.U.Calls {
		carrier := j.injectCarrier(call, otelapi.Classify(j.Info, call))
		if carrier == nil {
			continue
		}
		if v := flow.Root(j.Info, carrier); v != nil && deps.Vars[v] {
			return true
		}
	}
	for _, call := range deps.Calls {
		if otelapi.Classify(j.Info, call) == otelapi.Inject {
			return true
		}
		for _, a := range call.Args {
			if otelapi.IsSpanContext(j.Info.TypeOf(a)) {
				return true // an envelope built from the span context
			}
		}
	}
	return false
}

// HeadersOf returns the message variable whose header field e is, perhaps
// converted to a carrier type (propagation.HeaderCarrier(msg.Header)),
// directly or through a local variable assigned once, with the message's
// description and the selector naming the field. Otherwise nil.
func (j *Judge) HeadersOf(e ast.Expr) (*types.Var, *knowledge.Message, *ast.SelectorExpr) {
	for depth := 0; depth < 5; depth++ {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			tv, ok := j.Info.Types[x.Fun]
			if !ok || !tv.IsType() || len(x.Args) != 1 {
				return nil, nil, nil
			}
			e = x.Args[0]
		case *ast.Ident:
			v, ok := j.Info.Uses[x].(*types.Var)
			if !ok {
				return nil, nil, nil
			}
			defs := j.U.Defs[v]
			if len(defs) != 1 || defs[0].Kind != flow.Assign || len(j.U.Writes[v]) > 0 {
				return nil, nil, nil
			}
			e = defs[0].RHS
		case *ast.SelectorExpr:
			d := j.Table.Message(j.Info.TypeOf(x.X))
			if d == nil || d.HeaderField == "" || x.Sel.Name != d.HeaderField {
				return nil, nil, nil
			}
			v, ok := ast.Unparen(x.X).(*ast.Ident)
			if !ok {
				return nil, nil, nil
			}
			mv, _ := j.Info.Uses[v].(*types.Var)
			if mv == nil {
				return nil, nil, nil
			}
			return mv, d, x
		default:
			return nil, nil, nil
		}
	}
	return nil, nil, nil
}

// copiedFromCarrier reports whether the headers are copied from metadata
// that travels with the message through the program, which its tracing
// may have injected into:
//
//   - the metadata of a value that carries its own context (a type with a
//     Context() context.Context method: a framework's message, such as
//     watermill's or benthos's, or an *http.Request), ranged over (for k,
//     v := range in.Metadata) or walked by a function given it and a
//     callback that writes the headers (meta.Walk(in, func(k, v string)
//     error {...}));
//   - a map the caller passes (a metadata map parameter, or a map field of
//     a parameter other than the receiver: req.Metadata, signature.Headers),
//     used whole, ranged over or walked. The receiver's fields are the
//     sender's configuration, not the message's metadata.
func (j *Judge) copiedFromCarrier(deps *flow.Set, hexprs []ast.Expr, m Message) bool {
	mine := func(v *types.Var) bool { return m.Aliases != nil && m.Aliases[v] }
	for _, e := range hexprs {
		if j.callerMap(e, mine, 0) {
			return true // the caller's map, whole (Header: hdr, amqp.Table(signature.Headers))
		}
	}
	for v := range deps.Vars {
		for _, d := range j.U.Defs[v] {
			var sources []ast.Expr
			switch {
			case d.Kind == flow.Range && d.RHS != nil:
				sources = []ast.Expr{d.RHS}
			case d.Kind == flow.Param:
				lit, ok := d.Func.(*ast.FuncLit)
				if !ok {
					continue
				}
				if call := j.takes(lit); call != nil {
					sources = call.Args
					if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
						sources = append(sources, sel.X)
					}
				}
			}
			for _, src := range sources {
				root := flow.Root(j.Info, src)
				if root == nil || mine(root) {
					continue
				}
				if otelapi.CarriesContext(root.Type()) {
					return true
				}
				if j.callerData(root) && (d.Kind == flow.Param || stringMap(j.Info.TypeOf(src))) {
					return true // the caller's metadata, walked or ranged over
				}
			}
		}
	}
	return false
}

// PassesPayload reports whether a call hands on, as one of its arguments,
// a []byte parameter of the unit's function (other than its receiver), as
// it is or converted: a wrapper's Publish(subject, data) sending the
// caller's payload.
func (j *Judge) PassesPayload(call *ast.CallExpr) bool {
	for _, a := range call.Args {
		e := ast.Unparen(a)
		if c, ok := e.(*ast.CallExpr); ok && len(c.Args) == 1 {
			if tv, ok := j.Info.Types[c.Fun]; ok && tv.IsType() {
				e = c.Args[0]
			}
		}
		v := flow.PlainVar(j.Info, e)
		if v == nil || !j.callerParam(v) {
			continue
		}
		if sl, ok := v.Type().Underlying().(*types.Slice); ok {
			if b, ok := sl.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
				return true
			}
		}
	}
	return false
}

// callerMap reports whether e is, whole, a string-keyed map the caller
// passes: a map parameter or a map field of a parameter other than the
// receiver, perhaps converted, or a local variable assigned once from one.
// A length or a single entry of it (len(md), md["tenant"]) is not.
func (j *Judge) callerMap(e ast.Expr, mine func(*types.Var) bool, depth int) bool {
	if e == nil || depth > 4 || !stringMap(j.Info.TypeOf(e)) {
		return false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if tv, ok := j.Info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return j.callerMap(x.Args[0], mine, depth+1)
		}
	case *ast.SelectorExpr:
		root := flow.Root(j.Info, x.X)
		return root != nil && !mine(root) && j.callerData(root)
	case *ast.Ident:
		v, ok := j.Info.Uses[x].(*types.Var)
		if !ok || mine(v) {
			return false
		}
		if j.callerParam(v) {
			return true
		}
		if defs := j.U.Defs[v]; len(defs) == 1 && defs[0].Kind == flow.Assign {
			return j.callerMap(defs[0].RHS, mine, depth+1)
		}
	}
	return false
}

// callerData reports whether v is a parameter other than the receiver, or
// an element of one: ranged over (for _, entry := range entries) or
// indexed once (dm := dms[0], as the Go CDK's drivers take their one
// message).
func (j *Judge) callerData(v *types.Var) bool {
	if j.callerParam(v) {
		return true
	}
	defs := j.U.Defs[v]
	if len(defs) != 1 || defs[0].RHS == nil {
		return false
	}
	switch defs[0].Kind {
	case flow.Range:
	case flow.Assign:
		if _, ok := ast.Unparen(defs[0].RHS).(*ast.IndexExpr); !ok {
			return false
		}
	default:
		return false
	}
	root := flow.Root(j.Info, defs[0].RHS)
	return root != nil && root != v && j.callerParam(root)
}

// callerParam reports whether v is a parameter of the unit's function
// other than its receiver.
func (j *Judge) callerParam(v *types.Var) bool {
	for _, d := range j.U.Defs[v] {
		if d.Kind != flow.Param || d.Func != j.U.Root {
			continue
		}
		if fd, ok := d.Func.(*ast.FuncDecl); ok && fd.Recv != nil {
			for _, f := range fd.Recv.List {
				for _, n := range f.Names {
					if j.Info.Defs[n] == v {
						return false
					}
				}
			}
		}
		return true
	}
	return false
}

// stringMap reports whether t is a map with string keys.
func stringMap(t types.Type) bool {
	if t == nil {
		return false
	}
	mt, ok := t.Underlying().(*types.Map)
	if !ok {
		return false
	}
	b, ok := mt.Key().Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// takes returns the call of the unit that is given lit as an argument, or
// nil.
func (j *Judge) takes(lit *ast.FuncLit) *ast.CallExpr {
	for _, call := range j.U.Calls {
		for _, a := range call.Args {
			if ast.Unparen(a) == lit {
				return call
			}
		}
	}
	return nil
}

// ownHeaders reports whether e is m's header map: its header field or
// accessor, perhaps converted to a carrier type (propagation.HeaderCarrier(
// msg.Header), a carrier type of the program's over AMQP's Table), directly
// or through a local variable assigned once.
func (j *Judge) ownHeaders(e ast.Expr, m Message, depth int) bool {
	if depth > 4 {
		return false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if tv, ok := j.Info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return j.ownHeaders(x.Args[0], m, depth+1)
		}
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && len(x.Args) == 0 && m.Desc.HeaderAccessor != "" && sel.Sel.Name == m.Desc.HeaderAccessor {
			return m.Aliases[flow.Root(j.Info, sel.X)]
		}
	case *ast.SelectorExpr:
		return m.Desc.HeaderField != "" && x.Sel.Name == m.Desc.HeaderField && m.Aliases[flow.Root(j.Info, x.X)]
	case *ast.Ident:
		v, ok := j.Info.Uses[x].(*types.Var)
		if !ok {
			return false
		}
		defs := j.U.Defs[v]
		if len(defs) != 1 || defs[0].Kind != flow.Assign || len(j.U.Writes[v]) > 0 {
			return false
		}
		return j.ownHeaders(defs[0].RHS, m, depth+1)
	}
	return false
}

// forwarded reports whether the headers derive from the headers of a
// consumed message (consume, transform, forward): they carry its trace
// context on, and the next consumer continues that trace.
func (j *Judge) forwarded(deps *flow.Set, hexprs []ast.Expr, m Message) bool {
	for _, sel := range deps.Fields {
		d := j.Table.Message(j.Info.TypeOf(sel.X))
		if d == nil || !d.Consumed || sel.Sel.Name != d.HeaderField {
			continue
		}
		if m.Aliases != nil && m.Aliases[flow.Root(j.Info, sel.X)] {
			continue // the message's own headers
		}
		return true
	}
	if j.copiedFromCarrier(deps, hexprs, m) {
		return true
	}
	for _, call := range deps.Calls {
		// The headers of a message whose headers come from a method
		// (jetstream.Msg's Headers()).
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || len(call.Args) != 0 {
			continue
		}
		if d := j.Table.Message(j.Info.TypeOf(sel.X)); d != nil && d.Consumed && d.HeaderAccessor != "" && sel.Sel.Name == d.HeaderAccessor {
			return true
		}
	}
	return false
}

// A headerWrite is where m's headers get a value: a definition of the
// message (a literal, whose header field is exprs, or any other value,
// whole), or a write into it through its header field or no field.
type headerWrite struct {
	exprs []ast.Expr
	// from, to delimit the statement's source.
	from, to token.Pos
	// def reports a definition of the message: a new message.
	def bool
	// keeps reports a write that keeps the headers it writes into
	// (msg.Headers = append(msg.Headers, h), msg.Headers[i] = h).
	keeps bool
}

// headerWrites returns where m's headers get their values, in source
// order. A message passed as a literal (m.Lit) has one definition.
func (j *Judge) headerWrites(m Message) []headerWrite {
	field := m.Desc.HeaderField
	var out []headerWrite
	whole := func(e ast.Expr) []ast.Expr {
		if lit := compositeLit(e); lit != nil {
			return litField(j.Info, lit, field)
		}
		return []ast.Expr{e}
	}
	if m.Lit != nil {
		return []headerWrite{{exprs: whole(m.Lit), from: m.Lit.Pos(), to: m.Lit.End(), def: true}}
	}
	for a := range m.Aliases {
		for _, d := range j.U.Defs[a] {
			if d.RHS == nil || m.Aliases[flow.PlainVar(j.Info, d.RHS)] {
				continue
			}
			out = append(out, headerWrite{exprs: whole(d.RHS), from: d.RHS.Pos(), to: d.RHS.End(), def: d.Kind == flow.Assign})
		}
		for _, d := range j.U.Writes[a] {
			w := headerWrite{exprs: append([]ast.Expr{d.RHS}, d.Extra...), from: d.Pos, to: d.RHS.End()}
			if d.LHS != nil {
				fs, indexed := flow.Path(j.Info, d.LHS)
				if len(fs) > 0 && fs[0] != field {
					continue // another field: the payload, Metadata, ...
				}
				w.from = d.LHS.Pos()
				// A write into an element (msg.Headers[i] = h), or one
				// that reads the headers, keeps the others.
				w.keeps = len(fs) > 1 || indexed || j.readsField(d.RHS, field, m.Aliases)
			} else {
				if d.Into != nil {
					if fs, _ := flow.Path(j.Info, d.Into); len(fs) > 0 && fs[0] != field {
						continue // msg.Metadata.Set(k, v)
					}
				}
				w.keeps = true // m.Set(k, v), msg.Header.Add(k, v)
			}
			out = append(out, w)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].from < out[b].from })
	return out
}

// readsField reports whether e reads field of a message in aliases.
func (j *Judge) readsField(e ast.Expr, field string, aliases map[*types.Var]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == field && aliases[flow.Root(j.Info, sel.X)] {
			found = true
		}
		return !found
	})
	return found
}

// killer returns a test for the instructions that end an injection's way
// to a send: those of a new definition of the message, or of a write that
// replaces its headers, except the write except (the copy being judged).
func (j *Judge) killer(hw []headerWrite, except *headerWrite) func(ssa.Instruction) bool {
	var spans []span
	for i := range hw {
		w := &hw[i]
		if except != nil && w.from == except.from {
			continue
		}
		if w.def || !w.keeps {
			spans = append(spans, span{w.from, w.to})
		}
	}
	return func(instr ssa.Instruction) bool {
		if _, ok := instr.(*ssa.DebugRef); ok {
			return false
		}
		pos := instr.Pos()
		for _, s := range spans {
			if s.from <= pos && pos < s.to {
				return true
			}
		}
		return false
	}
}

// copiedAfter reports whether map carrier v, filled by inject, may be
// copied into the headers after inject and before at: some header write
// deriving from v may follow inject, and may be followed by at with no new
// message or reset of the headers on the way. (The message may be built
// after the carrier is filled.)
//
// When the headers take the carrier's entries through a range over it
// (for k, v := range carrier { headers[k] = v }, the headers given to the
// message later), that copy is where the carrier is read: it must follow
// inject too.
func (j *Judge) copiedAfter(inject *ast.CallExpr, v *types.Var, hw []headerWrite, at ast.Node) bool {
	for i := range hw {
		w := &hw[i]
		deps := j.U.Deps(w.exprs...)
		if !deps.Vars[v] {
			continue
		}
		node := span{w.from, w.to}
		if !j.precedes(inject, node, nil) || !j.precedes(node, at, j.killer(hw, w)) {
			continue
		}
		if copies := j.rangesOver(v, deps); len(copies) > 0 && !j.anyAfter(inject, copies) {
			continue // every copy out of the carrier runs before it is filled
		}
		return true
	}
	return false
}

// rangesOver returns the range statements over v (as spans from "for" to
// the ranged expression) whose key or value variables are in deps.
func (j *Judge) rangesOver(v *types.Var, deps *flow.Set) []span {
	var out []span
	seen := map[token.Pos]bool{}
	for rv := range deps.Vars {
		for _, d := range j.U.Defs[rv] {
			if d.Kind != flow.Range || d.RHS == nil || j.sameValue(d.RHS) != v || seen[d.Pos] {
				continue
			}
			seen[d.Pos] = true
			out = append(out, span{d.Pos, d.RHS.End()})
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].from < out[b].from })
	return out
}

// anyAfter reports whether some node of nodes may execute after a.
func (j *Judge) anyAfter(a ast.Node, nodes []span) bool {
	for _, n := range nodes {
		if j.precedes(a, n, nil) {
			return true
		}
	}
	return false
}

// A span is a stretch of source standing for the statement it holds.
type span struct{ from, to token.Pos }

func (s span) Pos() token.Pos { return s.from }
func (s span) End() token.Pos { return s.to }

// precedes reports whether a may execute before b: on the control-flow
// graph when both lie in one function of the SSA form, by a path that no
// kill instruction interrupts; otherwise by source position. A nil b is
// the end of the function: everything precedes it.
func (j *Judge) precedes(a, b ast.Node, kill func(ssa.Instruction) bool) bool {
	if b == nil {
		return true
	}
	if p := j.U.Prog; p != nil {
		pa, pb := p.At(a), p.At(b)
		if pa.Valid() && pb.Valid() && pa.Func() == pb.Func() {
			return flow.MayReach(pa, pb, kill)
		}
	}
	return a.Pos() < b.Pos()
}

// compositeLit returns the composite literal e is (T{...} or &T{...}), or
// nil.
func compositeLit(e ast.Expr) *ast.CompositeLit {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, _ := e.(*ast.CompositeLit)
	return lit
}

// litField returns the element of a struct literal that sets field.
func litField(info *types.Info, lit *ast.CompositeLit, field string) []ast.Expr {
	st, ok := typeOfLit(info, lit).Underlying().(*types.Struct)
	if !ok {
		return []ast.Expr{lit}
	}
	for i, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == field {
				return []ast.Expr{kv.Value}
			}
			continue
		}
		if i < st.NumFields() && st.Field(i).Name() == field {
			return []ast.Expr{el}
		}
	}
	return nil
}

func typeOfLit(info *types.Info, lit *ast.CompositeLit) types.Type {
	t := info.TypeOf(lit)
	if t == nil {
		return types.Typ[types.Invalid]
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// headerFieldType returns the type of m's header field, or nil.
func (j *Judge) headerFieldType(m Message) types.Type {
	var t types.Type
	if m.Lit != nil {
		t = j.Info.TypeOf(m.Lit)
	} else if v := Representative(m.Aliases); v != nil {
		t = v.Type()
	}
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == m.Desc.HeaderField {
			return st.Field(i).Type()
		}
	}
	return nil
}

// mayProvideHeaders reports whether a call that m's headers derive from
// may hand them injected trace context: a helper whose facts say it
// returns an injected message, a call returning something that can hold
// headers (the headers, a header, a map or carrier, a message, an
// interface) that is given a context or a span context, or code we cannot
// see given the context and the message. A call returning only data (an
// encoded payload, a string) cannot, whatever it is given.
func (j *Judge) mayProvideHeaders(call *ast.CallExpr, headers types.Type) bool {
	if tv, ok := j.Info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return false
	}
	if f := j.CallFact(call); f != nil && f.Returns == facts.ReturnsInjected {
		return true
	}
	if j.Known(call) && j.returnsMessage(call) {
		return false // its facts tell what the message it returns holds
	}
	if !j.headerish(j.Info.TypeOf(call), headers, 0) {
		return false
	}
	if j.opaqueWithContext(call) {
		return true
	}
	for _, a := range call.Args {
		if otelapi.IsSpanContext(j.Info.TypeOf(a)) {
			return true // traceparentHeader(span.SpanContext())
		}
	}
	return false
}

// returnsMessage reports whether call returns a produced message (with,
// perhaps, an error).
func (j *Judge) returnsMessage(call *ast.CallExpr) bool {
	t := j.Info.TypeOf(call)
	if tup, ok := t.(*types.Tuple); ok && tup.Len() > 0 {
		t = tup.At(0).Type()
	}
	d := j.Table.Message(t)
	return d != nil && d.Produced
}

// headerish reports whether a value of type t can carry headers: the
// header field's type or its element, a message, a map with string keys,
// a type with a Set(string, string) method (a carrier), an interface other
// than error, or a struct or tuple holding one of those.
func (j *Judge) headerish(t, headers types.Type, depth int) bool {
	if t == nil || depth > 2 {
		return false
	}
	if headers != nil {
		if types.Identical(t, headers) {
			return true
		}
		if sl, ok := headers.Underlying().(*types.Slice); ok && types.Identical(t, sl.Elem()) {
			return true
		}
	}
	if j.Table.Message(t) != nil {
		return true
	}
	if tup, ok := t.(*types.Tuple); ok {
		for i := 0; i < tup.Len(); i++ {
			if j.headerish(tup.At(i).Type(), headers, depth) {
				return true
			}
		}
		return false
	}
	if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Set"); obj != nil {
		if fn, ok := obj.(*types.Func); ok && fn.Type().(*types.Signature).Params().Len() == 2 {
			return true
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		return stringMap(u)
	case *types.Interface:
		return !isError(t)
	case *types.Pointer:
		return j.headerish(u.Elem(), headers, depth+1)
	case *types.Slice:
		return j.headerish(u.Elem(), headers, depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if j.headerish(u.Field(i).Type(), headers, depth+1) {
				return true
			}
		}
	}
	return false
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// injectCarrier returns the carrier argument of an injection call (of the
// given kind): a propagator's Inject(ctx, carrier), or a call of a table
// injector (DataDog's tracer.Inject(spanctx, carrier)). Otherwise nil.
func (j *Judge) injectCarrier(call *ast.CallExpr, kind otelapi.Kind) ast.Expr {
	i := -1
	switch kind {
	case otelapi.Inject:
		i = 1
	case otelapi.Other:
		if fn, ok := calleeFunc(j.Info, call); ok {
			if k, ok := j.Table.Injector(fn); ok {
				i = k
			}
		}
	}
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}

// opaqueWithContext reports whether call is to code outside the standard
// library, OpenTelemetry and the client tables that receives a context.
func (j *Judge) opaqueWithContext(call *ast.CallExpr) bool {
	info := j.Info
	if tv, ok := info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn != nil && (otelapi.IsStdlib(fn) || otelapi.IsOTelFunc(fn)) {
		return false
	}
	if _, ok := j.Table.Send(fn); ok {
		return false
	}
	for _, a := range call.Args {
		if otelapi.IsContext(info.TypeOf(a)) {
			return true
		}
	}
	return false
}

// Passes reports whether call hands a value in vs (or a pointer into it) to
// the callee, as an argument or receiver.
func (j *Judge) Passes(call *ast.CallExpr, vs map[*types.Var]bool) bool { return j.passes(call, vs) }

// passes reports whether call hands a message in vs (or a pointer into it)
// to the callee, as an argument or receiver.
func (j *Judge) passes(call *ast.CallExpr, vs map[*types.Var]bool) bool {
	args := call.Args
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		args = append([]ast.Expr{sel.X}, args...)
	}
	for _, a := range args {
		t := j.Info.TypeOf(a)
		if t == nil {
			continue
		}
		switch t.Underlying().(type) {
		case *types.Pointer, *types.Interface, *types.Slice, *types.Struct:
			if v := flow.Root(j.Info, a); v != nil && vs[v] {
				return true
			}
		}
	}
	return false
}

func isMap(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// mentionsTraceparent reports whether a traceparent header key is spelled
// in exprs (a header set by hand).
func (j *Judge) mentionsTraceparent(exprs []ast.Expr) bool {
	found := false
	for _, e := range exprs {
		if e == nil || found {
			continue
		}
		ast.Inspect(e, func(n ast.Node) bool {
			if found {
				return false
			}
			if x, ok := n.(ast.Expr); ok {
				if tv, ok := j.Info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
					if strings.EqualFold(constant.StringVal(tv.Value), "traceparent") {
						found = true
						return false
					}
				}
			}
			return true
		})
	}
	return found
}

// sliceVerdict judges a send of a slice of messages (SendMessages, a
// variadic send): trace context may be missing from a message of the
// slice that the analysis can follow, or from the messages of a slice
// parameter in params (the caller's, judged at its calls), unless the
// slice is injected element by element or by a helper given it. It
// reports false when the slice's origin is out of sight.
func (j *Judge) sliceVerdict(s sites.Send, params map[*types.Var]bool) (SendVerdict, bool) {
	info := j.Info
	t := info.TypeOf(s.Msg)
	if t == nil {
		return SendVerdict{}, false
	}
	sl, ok := t.Underlying().(*types.Slice)
	if !ok {
		return SendVerdict{}, false
	}
	desc := j.Table.Message(sl.Elem())
	if desc == nil || !desc.Produced {
		return SendVerdict{}, false
	}
	var elems []ast.Expr
	var aliases map[*types.Var]bool
	param := false
	if cl, ok := ast.Unparen(s.Msg).(*ast.CompositeLit); ok {
		elems = cl.Elts
	} else {
		v := flow.PlainVar(info, s.Msg)
		if v == nil {
			return SendVerdict{}, false
		}
		aliases = j.U.Aliases(v)
		for a := range aliases {
			for _, d := range j.U.Defs[a] {
				switch d.Kind {
				case flow.Zero:
				case flow.Param:
					if !params[a] {
						return SendVerdict{}, false
					}
					param = true
				case flow.Assign:
					switch x := ast.Unparen(d.RHS).(type) {
					case *ast.CompositeLit:
						elems = append(elems, x.Elts...)
					case *ast.CallExpr:
						id, _ := ast.Unparen(x.Fun).(*ast.Ident)
						b, _ := info.Uses[id].(*types.Builtin)
						switch {
						case b != nil && b.Name() == "make":
						case b != nil && b.Name() == "append" && !x.Ellipsis.IsValid() && len(x.Args) > 0 && aliases[flow.PlainVar(info, x.Args[0])]:
							elems = append(elems, x.Args[1:]...)
						default:
							return SendVerdict{}, false
						}
					default:
						if !aliases[flow.PlainVar(info, d.RHS)] {
							return SendVerdict{}, false
						}
					}
				default:
					return SendVerdict{}, false
				}
			}
			for _, d := range j.U.Writes[a] {
				elems = append(elems, d.RHS)
			}
		}
		if j.ElementsInjected(aliases, desc, s.Node) || j.Injected(Message{Aliases: aliases, Desc: desc}, s.Node) {
			return SendVerdict{Desc: desc, Aliases: aliases}, true // injected element by element, or by a helper given the slice
		}
	}
	missing := param // the caller's messages, not injected here
	for _, e := range elems {
		if e == nil {
			continue
		}
		m, ok := j.Message(e, nil)
		if !ok {
			continue // unknown origin: stay silent about it
		}
		if !j.Injected(m, s.Node) {
			missing = true
		}
	}
	return SendVerdict{Missing: missing, Desc: desc, Aliases: aliases}, true
}

// Representative returns the earliest-declared variable of vs, a stable key
// for an alias class.
func Representative(vs map[*types.Var]bool) *types.Var {
	var best *types.Var
	for v := range vs {
		if best == nil || v.Pos() < best.Pos() {
			best = v
		}
	}
	return best
}

// IsLiteral reports whether e is T{...}, &T{...} or new(T).
func IsLiteral(info *types.Info, e ast.Expr) bool { return isLiteral(info, e) }

// calleeFunc returns the function or (possibly interface) method a call
// names.
func calleeFunc(info *types.Info, call *ast.CallExpr) (*types.Func, bool) {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	return fn, ok && fn != nil
}

// ElementsInjected reports whether trace context may be injected, before
// pos, into the elements of the slice held by aliases through element
// pointers (for _, m := range msgs {...} or m := msgs[i], for a slice of
// pointers). Writes through msgs[i] count as writes into the slice itself.
func (j *Judge) ElementsInjected(aliases map[*types.Var]bool, desc *knowledge.Message, at ast.Node) bool {
	for ev, defs := range j.U.Defs {
		if _, ok := types.Unalias(ev.Type()).(*types.Pointer); !ok {
			continue // a copy of a message held by value, or an index
		}
		for _, d := range defs {
			if d.RHS == nil || (d.Kind != flow.Range && d.Kind != flow.Assign) {
				continue
			}
			rhs := ast.Unparen(d.RHS)
			if ix, ok := rhs.(*ast.IndexExpr); ok && d.Kind == flow.Assign {
				rhs = ix.X
			} else if d.Kind != flow.Range {
				continue
			}
			if aliases[flow.PlainVar(j.Info, rhs)] && j.Injected(Message{Aliases: j.U.Aliases(ev), Desc: desc}, at) {
				return true
			}
		}
	}
	return false
}

// InjectsInto reports whether the unit injects into the carrier v (a
// parameter of a carrier type, by pointer or a map): a propagator's or a
// table injector's Inject given v, or a helper whose facts say it injects
// into the carrier it is given v for. Its callers' carriers then hold the
// injection once the call returns (fill(ctx, &c)).
func (j *Judge) InjectsInto(v *types.Var) bool {
	if !j.writableType(v.Type()) {
		return false
	}
	for _, call := range j.U.Calls {
		kind := otelapi.Classify(j.Info, call)
		if carrier := j.injectCarrier(call, kind); carrier != nil {
			if j.carrierVars(carrier)[v] {
				return true
			}
			continue
		}
		if kind != otelapi.Other {
			continue
		}
		if f := j.CallFact(call); f != nil {
			for _, i := range f.Injects {
				if i < len(call.Args) && j.carrierVars(call.Args[i])[v] {
					return true
				}
			}
		}
	}
	return false
}

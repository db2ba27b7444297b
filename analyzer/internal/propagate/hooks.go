package propagate

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/tracewire/tracewire/analyzer/internal/facts"
	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/otelapi"
)

// maxHookDepth bounds the chase of a client through local variables.
const maxHookDepth = 6

// ClientHooks classifies the client an expression (the receiver of a send,
// of franz-go's *kgo.Client kind) evaluates to: built with a tracing hook,
// built without one, or not known. A client is followed through local
// variables to its constructor call (whose options are judged), to a
// function whose facts classify the client it returns, or to a struct field
// every assignment in the package classifies alike (Fields).
func (j *Judge) ClientHooks(e ast.Expr) facts.Hooks {
	return j.clientHooks(e, 0)
}

func (j *Judge) clientHooks(e ast.Expr, depth int) facts.Hooks {
	if depth > maxHookDepth || e == nil {
		return facts.HooksUnknown
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.StarExpr:
		return j.clientHooks(x.X, depth+1)
	case *ast.UnaryExpr:
		return j.clientHooks(x.X, depth+1)
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(j.Info, x).(*types.Func)
		if j.Table.HookNew(fn) {
			return j.OptionHooks(x.Args)
		}
		if j.Table.HookDerive(fn) {
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				return j.clientHooks(sel.X, depth+1) // client.Publisher("orders")
			}
			return facts.HooksUnknown
		}
		if f := j.CallFact(x); f != nil {
			return f.Hooks
		}
		return facts.HooksUnknown
	case *ast.SelectorExpr:
		sel, ok := j.Info.Selections[x]
		if !ok || sel.Kind() != types.FieldVal || j.Fields == nil {
			return facts.HooksUnknown
		}
		v, _ := sel.Obj().(*types.Var)
		return j.Fields(v)
	case *ast.Ident:
		v, _ := j.Info.Uses[x].(*types.Var)
		if v == nil || j.U == nil {
			return facts.HooksUnknown
		}
		defs := j.U.Defs[v]
		if len(defs) == 0 || len(j.U.Writes[v]) > 0 {
			return facts.HooksUnknown // declared outside the function, or modified in place
		}
		h, seen := facts.HooksUnknown, false
		for _, d := range defs {
			switch d.Kind {
			case flow.Zero:
				continue
			case flow.Assign:
				g := j.clientHooks(d.RHS, depth+1)
				if !seen {
					h, seen = g, true
				} else {
					h = h.Join(g)
				}
			default:
				return facts.HooksUnknown
			}
		}
		return h
	}
	return facts.HooksUnknown
}

// OptionHooks classifies client options (the arguments of a constructor
// such as kgo.NewClient, or an expression holding options): traced when
// they may derive from a tracing hook, plain when everything they derive
// from is visible and none is one, unknown otherwise (options from a
// parameter, a field, a package variable, or a call the analysis cannot
// classify).
func (j *Judge) OptionHooks(args []ast.Expr) facts.Hooks {
	deps := j.U.Deps(args...)
	t := j.Table
	unknown := false
	for _, a := range args {
		if _, ok := t.TracingField(j.Info.TypeOf(a)); ok {
			switch j.tracingConfig(a, 0) {
			case facts.HooksTraced:
				return facts.HooksTraced
			case facts.HooksUnknown:
				unknown = true
			}
		}
	}
	for v := range deps.Vars {
		if t.TracingType(v.Type()) {
			return facts.HooksTraced
		}
		if !t.MayCarryOptions(v.Type()) || isStruct(v.Type()) {
			continue // a struct's fields are judged where they are selected
		}
		defs := j.U.Defs[v]
		if len(defs) == 0 {
			unknown = true // a package variable or one of an enclosing scope
		}
		for _, d := range defs {
			if d.Kind == flow.Param {
				unknown = true
			}
		}
	}
	for _, sel := range deps.Fields {
		if tv, ok := j.Info.Types[sel]; ok && t.MayCarryOptions(tv.Type) {
			unknown = true
		}
	}
	for _, call := range deps.Calls {
		if tv, ok := j.Info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
			continue
		}
		fn, _ := typeutil.Callee(j.Info, call).(*types.Func)
		if t.TracingFunc(fn) {
			return facts.HooksTraced
		}
		res := j.Info.TypeOf(call)
		if t.TracingType(res) {
			return facts.HooksTraced
		}
		if fn != nil && fn.Pkg() != nil && (t.IsClient(fn.Pkg().Path()) || t.IsInstrumentation(fn.Pkg().Path()) || otelapi.IsStdlib(fn)) {
			continue // the client's and the hook library's own option builders
		}
		if !mayCarryResult(j, res) {
			continue
		}
		if f := j.CallFact(call); f != nil && f.Hooks != facts.HooksUnknown {
			if f.Hooks == facts.HooksTraced {
				return facts.HooksTraced
			}
			continue
		}
		unknown = true
	}
	if unknown {
		return facts.HooksUnknown
	}
	return facts.HooksPlain
}

// tracingConfig classifies a configuration struct that switches a
// client's tracing with a bool field (Pub/Sub's &ClientConfig{...}):
// traced when a literal of it sets the field to anything but the constant
// false, plain when the literal leaves it false or unset (or the config is
// nil), unknown when the config comes from out of sight (a parameter, a
// field, a call) or a variable of it is modified in place.
func (j *Judge) tracingConfig(e ast.Expr, depth int) facts.Hooks {
	if depth > maxHookDepth || e == nil {
		return facts.HooksUnknown
	}
	if tv, ok := j.Info.Types[e]; ok && tv.IsNil() {
		return facts.HooksPlain
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return j.tracingConfig(x.X, depth+1)
	case *ast.CompositeLit:
		field, ok := j.Table.TracingField(j.Info.TypeOf(x))
		if !ok {
			return facts.HooksUnknown
		}
		for _, el := range x.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return facts.HooksUnknown // positional fields
			}
			if id, ok := kv.Key.(*ast.Ident); !ok || id.Name != field {
				continue
			}
			if tv, ok := j.Info.Types[kv.Value]; ok && tv.Value != nil && tv.Value.String() == "false" {
				return facts.HooksPlain
			}
			return facts.HooksTraced
		}
		return facts.HooksPlain
	case *ast.Ident:
		v, _ := j.Info.Uses[x].(*types.Var)
		if v == nil || j.U == nil || len(j.U.Writes[v]) > 0 {
			return facts.HooksUnknown
		}
		defs := j.U.Defs[v]
		if len(defs) == 0 {
			return facts.HooksUnknown
		}
		h, seen := facts.HooksUnknown, false
		for _, d := range defs {
			if d.Kind != flow.Assign {
				return facts.HooksUnknown
			}
			g := j.tracingConfig(d.RHS, depth+1)
			if !seen {
				h, seen = g, true
			} else {
				h = h.Join(g)
			}
		}
		return h
	}
	return facts.HooksUnknown
}

func mayCarryResult(j *Judge, t types.Type) bool {
	if tup, ok := t.(*types.Tuple); ok {
		for i := 0; i < tup.Len(); i++ {
			if j.Table.MayCarryOptions(tup.At(i).Type()) {
				return true
			}
		}
		return false
	}
	return j.Table.MayCarryOptions(t)
}

// ReturnedHooks classifies a returned expression of type typ: a hooked
// client, or client options; HooksUnknown for anything else.
func (j *Judge) ReturnedHooks(e ast.Expr, typ types.Type) facts.Hooks {
	switch {
	case j.Table.HookedClient(typ):
		return j.ClientHooks(e)
	case j.Table.MayCarryOptions(typ):
		return j.OptionHooks([]ast.Expr{e})
	}
	return facts.HooksUnknown
}

// ReceivedHooks classifies the client a received message came from, by
// following it to the receive call (for a callback parameter, to the call
// the callback is given to) and that call's receiver.
func (j *Judge) ReceivedHooks(m *Received) facts.Hooks {
	var roots []ast.Expr
	if lit, ok := m.Param.(*ast.FuncLit); ok {
		for _, call := range j.U.Calls {
			for _, a := range call.Args {
				if ast.Unparen(a) == lit {
					roots = append(roots, call.Fun)
				}
			}
		}
	} else if m.Param != nil {
		return facts.HooksUnknown
	}
	for a := range m.Aliases {
		for _, d := range j.U.Defs[a] {
			if d.RHS != nil {
				roots = append(roots, d.RHS)
			}
		}
	}
	h, seen := facts.HooksUnknown, false
	for _, call := range j.U.Deps(roots...).Calls {
		fn, _ := typeutil.Callee(j.Info, call).(*types.Func)
		if !j.Table.Receive(fn) {
			continue
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return facts.HooksUnknown
		}
		g := j.ClientHooks(sel.X)
		if !seen {
			h, seen = g, true
		} else {
			h = h.Join(g)
		}
	}
	return h
}

// SetsField reports whether the message m may have its field named field
// set in the unit: in its composite literal, or by an assignment to the
// field of one of its variables.
func (j *Judge) SetsField(m Message, field string) bool {
	if field == "" {
		return false
	}
	var lits []ast.Expr
	if m.Lit != nil {
		lits = append(lits, m.Lit)
	}
	for a := range m.Aliases {
		for _, d := range j.U.Defs[a] {
			if d.RHS != nil {
				lits = append(lits, d.RHS)
			}
		}
	}
	for _, e := range lits {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok {
			e = ast.Unparen(u.X)
		}
		cl, ok := e.(*ast.CompositeLit)
		if !ok {
			continue
		}
		for _, el := range cl.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == field {
					return true
				}
			}
		}
	}
	if m.Aliases == nil {
		return false
	}
	for c := range j.U.Cursor.Preorder((*ast.AssignStmt)(nil)) {
		for _, lhs := range c.Node().(*ast.AssignStmt).Lhs {
			if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok && sel.Sel.Name == field && m.Aliases[flow.Root(j.Info, sel.X)] {
				return true
			}
		}
	}
	return false
}

func isStruct(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := t.Underlying().(*types.Struct)
	return ok
}

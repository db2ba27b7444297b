// Package flow is tracewire's intraprocedural data-flow model. A Unit is one
// top-level function (with the closures nested in it). For every local
// variable it records the expressions assigned to it (definitions) and the
// expressions written into it through fields or indexes (writes), so that a
// check can ask which variables and calls a value derives from.
//
// The model is flow-insensitive and field-insensitive on purpose: it answers
// "may derive from", which is what a precise-first check needs to stay
// silent where propagation might happen.
package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"iter"
	"slices"
	"sort"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

// DefKind classifies a definition.
type DefKind int

const (
	// Assign is v = e, v := e, or var v = e.
	Assign DefKind = iota
	// Range is for k, v := range e (RHS is e).
	Range
	// TypeSwitch is the implicit variable of a type-switch clause (RHS is
	// the asserted expression).
	TypeSwitch
	// Zero is var v T with no value.
	Zero
	// Param is a function parameter or result (RHS is nil).
	Param
)

// A Def is one definition of, or write into, a variable.
type Def struct {
	Kind DefKind
	RHS  ast.Expr // nil for Zero and Param
	// Extra holds further expressions the write depends on (index keys
	// on the left-hand side of a write).
	Extra []ast.Expr
	Pos   token.Pos
	// Func is the function (*ast.FuncDecl or *ast.FuncLit) declaring a
	// Param.
	Func ast.Node
	// LHS is the access path written, for a write (v.f[i] = e); nil for
	// a definition and for m.Set(k, e).
	LHS ast.Expr
	// Into is the map a write through a method adds an entry to (m in
	// m.Set(k, e), v.Header in v.Header.Add(k, e)); nil otherwise.
	Into ast.Expr
}

// A Unit is the data-flow model of one top-level function.
type Unit struct {
	Info *types.Info
	Root ast.Node
	// Defs maps a variable to its direct definitions.
	Defs map[*types.Var][]Def
	// Writes maps a variable to writes into its fields, elements or
	// map entries (v.f = e, v[i] = e, v.Set(k, e) on a map).
	Writes map[*types.Var][]Def
	// Calls lists every call in the unit, in source order.
	Calls []*ast.CallExpr
	// Stack maps each node of interest to its ancestors (outermost first);
	// it is filled for calls and send statements.
	Parents map[ast.Node][]ast.Node
	// SendStmts lists channel send statements.
	SendStmts []*ast.SendStmt
	// Returns lists the return statements of the root function itself
	// (not of closures within it).
	Returns []*ast.ReturnStmt
	// Prog is the SSA form of the package, or nil: with it, Deps is
	// flow-sensitive and MayPrecede orders nodes on the control-flow
	// graph.
	Prog *Program
	// callAt maps the position of a call's '(' to the call.
	callAt map[token.Pos]*ast.CallExpr
	// Cursor is the root's place in the package's inspector: walks of
	// the unit's syntax start from it.
	Cursor inspector.Cursor
}

// NewUnit builds the model of the function at cur, a *ast.FuncDecl or a
// *ast.FuncLit, walking its syntax with the package's inspector.
func NewUnit(info *types.Info, cur inspector.Cursor) *Unit {
	root := cur.Node()
	u := &Unit{
		Info:    info,
		Root:    root,
		Cursor:  cur,
		Defs:    map[*types.Var][]Def{},
		Writes:  map[*types.Var][]Def{},
		Parents: map[ast.Node][]ast.Node{},
		callAt:  map[token.Pos]*ast.CallExpr{},
	}
	for c := range cur.Preorder() {
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			u.params(n, n.Type, n.Recv)
		case *ast.FuncLit:
			u.params(n, n.Type, nil)
		case *ast.AssignStmt:
			u.assign(n)
		case *ast.ValueSpec:
			u.valueSpec(n)
		case *ast.RangeStmt:
			for _, lhs := range []ast.Expr{n.Key, n.Value} {
				if lhs != nil {
					u.record(lhs, Def{Kind: Range, RHS: n.X, Pos: n.Pos()})
				}
			}
		case *ast.TypeSwitchStmt:
			u.typeSwitch(n)
		case *ast.CallExpr:
			u.Calls = append(u.Calls, n)
			u.callAt[n.Lparen] = n
			u.Parents[n] = ancestors(cur, c)
			u.mapSet(n)
		case *ast.SendStmt:
			u.SendStmts = append(u.SendStmts, n)
			u.Parents[n] = ancestors(cur, c)
		case *ast.ReturnStmt:
			if fn, ok := first(c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil))); ok && fn.Node() == root {
				u.Returns = append(u.Returns, n)
			}
		}
	}
	return u
}

// first returns the first cursor of seq.
func first(seq iter.Seq[inspector.Cursor]) (inspector.Cursor, bool) {
	for c := range seq {
		return c, true
	}
	return inspector.Cursor{}, false
}

// ancestors returns the nodes enclosing c, from root (included) down to
// c's parent.
func ancestors(root, c inspector.Cursor) []ast.Node {
	var out []ast.Node
	for p := c.Parent(); p.Valid(); p = p.Parent() {
		out = append(out, p.Node())
		if p == root {
			break
		}
	}
	slices.Reverse(out)
	return out
}

func (u *Unit) params(fn ast.Node, typ *ast.FuncType, recv *ast.FieldList) {
	for _, fl := range []*ast.FieldList{recv, typ.Params, typ.Results} {
		if fl == nil {
			continue
		}
		for _, f := range fl.List {
			for _, name := range f.Names {
				if v, ok := u.Info.Defs[name].(*types.Var); ok {
					u.Defs[v] = append(u.Defs[v], Def{Kind: Param, Pos: name.Pos(), Func: fn})
				}
			}
		}
	}
}

func (u *Unit) assign(as *ast.AssignStmt) {
	if len(as.Lhs) == len(as.Rhs) {
		for i, lhs := range as.Lhs {
			d := Def{Kind: Assign, RHS: as.Rhs[i], Pos: as.Pos()}
			if as.Tok != token.ASSIGN && as.Tok != token.DEFINE {
				d.Extra = []ast.Expr{lhs} // x op= e depends on x too
			}
			u.record(lhs, d)
		}
		return
	}
	if len(as.Rhs) == 1 { // tuple: a, b := f()
		for _, lhs := range as.Lhs {
			u.record(lhs, Def{Kind: Assign, RHS: as.Rhs[0], Pos: as.Pos()})
		}
	}
}

func (u *Unit) valueSpec(vs *ast.ValueSpec) {
	for i, name := range vs.Names {
		switch {
		case len(vs.Values) == 0:
			u.record(name, Def{Kind: Zero, Pos: name.Pos()})
		case len(vs.Values) == len(vs.Names):
			u.record(name, Def{Kind: Assign, RHS: vs.Values[i], Pos: name.Pos()})
		case len(vs.Values) == 1:
			u.record(name, Def{Kind: Assign, RHS: vs.Values[0], Pos: name.Pos()})
		}
	}
}

func (u *Unit) typeSwitch(ts *ast.TypeSwitchStmt) {
	var x ast.Expr
	if a, ok := ts.Assign.(*ast.AssignStmt); ok && len(a.Rhs) == 1 {
		if ta, ok := ast.Unparen(a.Rhs[0]).(*ast.TypeAssertExpr); ok {
			x = ta.X
		}
	}
	if x == nil {
		return
	}
	for _, s := range ts.Body.List {
		cc := s.(*ast.CaseClause)
		if v, ok := u.Info.Implicits[cc].(*types.Var); ok {
			u.Defs[v] = append(u.Defs[v], Def{Kind: TypeSwitch, RHS: x, Pos: cc.Pos()})
		}
	}
}

// mapSet records m.Set(k, v) and m.Add(k, v) on a map-typed carrier or
// header map (http.Header, nats.Header) as a write into m.
func (u *Unit) mapSet(call *ast.CallExpr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "Set" && sel.Sel.Name != "Add") || len(call.Args) == 0 {
		return
	}
	t := u.Info.TypeOf(sel.X)
	if t == nil {
		return
	}
	if _, ok := t.Underlying().(*types.Map); !ok {
		return
	}
	if v := Root(u.Info, sel.X); v != nil {
		u.Writes[v] = append(u.Writes[v], Def{Kind: Assign, RHS: call.Args[len(call.Args)-1], Extra: call.Args[:len(call.Args)-1], Pos: call.Pos(), Into: sel.X})
	}
}

// record files d under the variable lhs names or writes into.
func (u *Unit) record(lhs ast.Expr, d Def) {
	lhs = ast.Unparen(lhs)
	if id, ok := lhs.(*ast.Ident); ok {
		if id.Name == "_" {
			return
		}
		obj := u.Info.Defs[id]
		if obj == nil {
			obj = u.Info.Uses[id]
		}
		if v, ok := obj.(*types.Var); ok && !v.IsField() {
			u.Defs[v] = append(u.Defs[v], d)
		}
		return
	}
	if v := Root(u.Info, lhs); v != nil {
		d.Extra = append(d.Extra, indexKeys(lhs)...)
		d.LHS = lhs
		u.Writes[v] = append(u.Writes[v], d)
	}
}

func indexKeys(e ast.Expr) []ast.Expr {
	var keys []ast.Expr
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.IndexExpr:
			keys = append(keys, x.Index)
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return keys
		}
	}
}

// Path describes an access path such as v.f[i].g: the names of the struct
// fields it selects, outermost first (f, g), and whether it goes through
// an index.
func Path(info *types.Info, e ast.Expr) (fields []string, indexed bool) {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[x]; ok && sel.Kind() == types.FieldVal {
				fields = append([]string{x.Sel.Name}, fields...)
			}
			e = x.X
		case *ast.IndexExpr:
			indexed = true
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return fields, indexed
		}
	}
}

// Root returns the variable an access path such as v, &v, *v, v.f.g, v[i]
// or T(v) starts from, or nil.
func Root(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			obj := info.Uses[x]
			if obj == nil {
				obj = info.Defs[x]
			}
			if v, ok := obj.(*types.Var); ok && !v.IsField() {
				return v
			}
			return nil
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[x]; !ok || sel.Kind() != types.FieldVal {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.SliceExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil
			}
			e = x.X
		case *ast.CallExpr: // conversion T(v)
			if len(x.Args) != 1 {
				return nil
			}
			if tv, ok := info.Types[x.Fun]; !ok || !tv.IsType() {
				return nil
			}
			e = x.Args[0]
		default:
			return nil
		}
	}
}

// A Set is what a value may derive from: variables and calls.
type Set struct {
	Vars  map[*types.Var]bool
	Calls []*ast.CallExpr
	// Fields lists the field selections (v.f) read on the way.
	Fields []*ast.SelectorExpr
	calls  map[*ast.CallExpr]bool
}

func newSet() *Set {
	return &Set{Vars: map[*types.Var]bool{}, calls: map[*ast.CallExpr]bool{}}
}

// HasAny reports whether s contains any of vars.
func (s *Set) HasAny(vars map[*types.Var]bool) bool {
	for v := range vars {
		if s.Vars[v] {
			return true
		}
	}
	return false
}

// Deps returns everything e may derive from: the variables, calls and
// field reads on the way, transitively. With the SSA form (Prog), a value
// derives only from the definitions that reach it (a variable assigned
// after the use, or a shadowing variable of an inner block, is not on the
// way); without it, from every definition and write of the variables it
// mentions. Function literals are opaque: their bodies are not values.
func (u *Unit) Deps(exprs ...ast.Expr) *Set {
	if u.Prog == nil {
		return u.astDeps(exprs...)
	}
	var roots []ssa.Value
	var rest []ast.Expr
	for _, e := range exprs {
		if e == nil {
			continue
		}
		if v := u.Prog.value(e); v != nil {
			roots = append(roots, v)
		} else {
			rest = append(rest, e) // constants, dead code
		}
	}
	s := u.astDeps(rest...)
	for v := range u.Prog.slice(roots) {
		u.addValue(s, v)
	}
	sort.Slice(s.Calls, func(i, j int) bool { return s.Calls[i].Pos() < s.Calls[j].Pos() })
	sort.Slice(s.Fields, func(i, j int) bool { return s.Fields[i].Pos() < s.Fields[j].Pos() })
	return s
}

// addValue adds to s what the SSA value v stands for in the syntax: the
// variables, calls and field selections denoting it.
func (u *Unit) addValue(s *Set, v ssa.Value) {
	switch x := v.(type) {
	case *ssa.Parameter:
		if obj, ok := x.Object().(*types.Var); ok {
			s.Vars[obj] = true
		}
	case *ssa.Call:
		if call := u.callAt[x.Pos()]; call != nil && !s.calls[call] {
			s.calls[call] = true
			s.Calls = append(s.Calls, call)
		}
	}
	for _, e := range u.Prog.exprs[v] {
		switch e := e.(type) {
		case *ast.Ident:
			obj := u.Info.Uses[e]
			if obj == nil {
				obj = u.Info.Defs[e]
			}
			if w, ok := obj.(*types.Var); ok && !w.IsField() {
				s.Vars[w] = true
			}
		case *ast.CallExpr:
			if !s.calls[e] {
				s.calls[e] = true
				s.Calls = append(s.Calls, e)
			}
		case *ast.SelectorExpr:
			if sel, ok := u.Info.Selections[e]; ok && sel.Kind() == types.FieldVal {
				s.Fields = append(s.Fields, e)
			}
		}
	}
}

// astDeps is Deps without the SSA form: flow-insensitive.
func (u *Unit) astDeps(exprs ...ast.Expr) *Set {
	s := newSet()
	var work []*types.Var
	visit := func(e ast.Expr) {
		if e == nil {
			return
		}
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.SelectorExpr:
				if sel, ok := u.Info.Selections[n]; ok && sel.Kind() == types.FieldVal {
					s.Fields = append(s.Fields, n)
				}
			case *ast.Ident:
				if v, ok := u.Info.Uses[n].(*types.Var); ok && !v.IsField() && !s.Vars[v] {
					s.Vars[v] = true
					work = append(work, v)
				}
			case *ast.CallExpr:
				if !s.calls[n] {
					s.calls[n] = true
					s.Calls = append(s.Calls, n)
				}
			}
			return true
		})
	}
	for _, e := range exprs {
		visit(e)
	}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, list := range [][]Def{u.Defs[v], u.Writes[v]} {
			for _, d := range list {
				visit(d.RHS)
				for _, x := range d.Extra {
					visit(x)
				}
			}
		}
	}
	return s
}

// VarDeps is Deps over the definitions and writes of the variables vs.
func (u *Unit) VarDeps(vs map[*types.Var]bool) *Set {
	var exprs []ast.Expr
	for v := range vs {
		for _, list := range [][]Def{u.Defs[v], u.Writes[v]} {
			for _, d := range list {
				exprs = append(exprs, d.RHS)
				exprs = append(exprs, d.Extra...)
			}
		}
	}
	s := u.Deps(exprs...)
	for v := range vs {
		s.Vars[v] = true
	}
	return s
}

// Aliases returns the variables that hold the same value as v through plain
// copies (a := b, a = &b, a := *b), in either direction.
func (u *Unit) Aliases(v *types.Var) map[*types.Var]bool {
	out := map[*types.Var]bool{v: true}
	for changed := true; changed; {
		changed = false
		for w, defs := range u.Defs {
			for _, d := range defs {
				if d.Kind != Assign || d.RHS == nil {
					continue
				}
				src := plainVar(u.Info, d.RHS)
				if src == nil {
					continue
				}
				if out[src] && !out[w] {
					out[w], changed = true, true
				}
				if out[w] && !out[src] {
					out[src], changed = true, true
				}
			}
		}
	}
	return out
}

// plainVar returns the variable e copies (v, &v, *v, (v), or a
// conversion of a pointer P(v)), or nil.
func plainVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			tv, ok := info.Types[x.Fun]
			if !ok || !tv.IsType() || len(x.Args) != 1 {
				return nil
			}
			if _, ptr := tv.Type.Underlying().(*types.Pointer); !ptr {
				return nil
			}
			e = x.Args[0]
		case *ast.Ident:
			if v, ok := info.Uses[x].(*types.Var); ok && !v.IsField() {
				return v
			}
			return nil
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}

// PlainVar is the exported form of plainVar.
func PlainVar(info *types.Info, e ast.Expr) *types.Var { return plainVar(info, e) }

// Units returns a Unit for every top-level function declaration in file and
// for every function literal at package level, in source order.
func Units(in *inspector.Inspector, info *types.Info, file *ast.File) []*Unit {
	fc, ok := in.Root().FindNode(file)
	if !ok {
		return nil
	}
	var units []*Unit
	for c := range fc.Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				units = append(units, NewUnit(info, c))
			}
		case *ast.FuncLit:
			if _, nested := first(c.Parent().Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil))); !nested {
				units = append(units, NewUnit(info, c))
			}
		}
	}
	return units
}

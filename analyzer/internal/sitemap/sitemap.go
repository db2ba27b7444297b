// Package sitemap is the analyzer behind the propagation map (tracewire
// map): it lists a package's send and receive sites, the subscriptions
// that say what a consumer receives from, and the calls that may carry a
// destination or a handler into another function, each with its
// destination resolved where the syntax shows it.
//
// It judges nothing. Sends are the sites of sites.Sends and sites.Bare,
// received messages those of propagate.Judge.Received, both from the fact
// analyzer's units and judge; the map joins each site with the findings of
// the checks at its position (one verdict). Destination resolution is its
// own: constants (go/constant), string literals and constant
// concatenation, local variables assigned once, struct fields every
// composite literal of the package initialises with constants, and the
// fields the knowledge package's DestTable names.
package sitemap

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/tracewire/tracewire/analyzer/internal/facts"
	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/propagate"
	"github.com/tracewire/tracewire/analyzer/internal/sites"
	"github.com/tracewire/tracewire/analyzer/internal/summary"
)

// Name is the analyzer's name.
const Name = "tracewiremap"

// A ParamRef is a parameter of a function: a destination or handler that
// its callers supply.
type ParamRef struct {
	Func  string // FullName
	Index int
}

// A Dest is a resolved destination.
type Dest struct {
	// Names are the destination names the syntax shows (a subscription
	// may name several).
	Names []string
	// Param is set when the destination is a parameter of the enclosing
	// function.
	Param *ParamRef
	// Expr spells the destination expression when Names is empty.
	Expr string
}

// A Site is a producer or a consumer.
type Site struct {
	System string
	Func   string
	Pos    token.Pos
	// From and To are the positions whose findings belong to the site:
	// a send's node; a received message's scope.
	From, To token.Pos
	Dest     Dest
	// Instrumented names the instrumentation that propagates for the
	// site (a send of a client with tracing hooks installed, a send that
	// injects itself, a message whose hooks extracted its context).
	Instrumented string
	// Keys join a consumer to the subscriptions that name what it
	// receives (see Subscription.Keys).
	Keys []string
	// Param reports a consumer that is a message parameter of a
	// function: it is a consumer only where a subscription delivers to
	// that function.
	Param bool
}

// A Subscription names the destination of the consumers with one of its
// Keys: "lit:POS" a callback literal, "func:NAME" a function or method
// value, "type:NAME" a handler type whose methods receive, "var:POS" a
// variable (a client, a channel), "field:POS" a struct field holding the
// client.
type Subscription struct {
	System  string
	Func    string
	Pos     token.Pos
	Dest    Dest
	Keys    []string
	Handler *ParamRef
}

// An Arg is what the map knows of one argument of a call.
type Arg struct {
	Names []string
	Keys  []string
	Param *ParamRef
}

// A Call is a call of a function of another (or the same) package with an
// argument that may carry a destination or a handler.
type Call struct {
	Callee string
	Args   []Arg
}

// Result is the package's sites.
type Result struct {
	Producers     []Site
	Consumers     []Site
	Subscriptions []Subscription
	Calls         []Call
}

// New returns the map analyzer reading the units of facts (the fact
// analyzer of the build) and resolving destinations with the table the
// package was analyzed with (its clients' destination entries).
func New(factsAnalyzer *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             Name,
		Doc:              "lists send and receive sites with their destinations, for tracewire map",
		Requires:         []*analysis.Analyzer{factsAnalyzer},
		ResultType:       reflect.TypeOf((*Result)(nil)),
		RunDespiteErrors: true,
		Run: func(pass *analysis.Pass) (any, error) {
			res, ok := pass.ResultOf[factsAnalyzer].(*summary.Result)
			if !ok || res == nil {
				return nil, fmt.Errorf("%s: no result from %s", Name, factsAnalyzer.Name)
			}
			out := &Result{}
			if res.ConfigErr() != nil || !res.Relevant() {
				return out, nil
			}
			m := &mapper{pass: pass, res: res, table: res.Table(), out: out}
			m.fieldInits()
			for _, f := range pass.Files {
				for _, u := range res.Units(f) {
					m.unit(u)
				}
			}
			return out, nil
		},
	}
}

type mapper struct {
	pass  *analysis.Pass
	res   *summary.Result
	table *knowledge.Table
	out   *Result
	// inits holds, per struct field of the package's types, the values
	// composite literals and assignments give it; open marks a field
	// also set some other way.
	inits map[*types.Var][]ast.Expr
	// cur is the unit being mapped.
	u *flow.Unit
	j *propagate.Judge
}

func (m *mapper) info() *types.Info { return m.pass.TypesInfo }

// fieldInits records what each field of a struct type is given in
// composite literals and assignments of the package.
func (m *mapper) fieldInits() {
	m.inits = map[*types.Var][]ast.Expr{}
	for _, f := range m.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CompositeLit:
				if _, ok := typesUnder(m.info().TypeOf(x)).(*types.Struct); !ok {
					if p, ok := typesUnder(m.info().TypeOf(x)).(*types.Pointer); !ok || !isStruct(p.Elem()) {
						return true
					}
				}
				for _, e := range x.Elts {
					kv, ok := e.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					if id, ok := kv.Key.(*ast.Ident); ok {
						if v, ok := m.info().Uses[id].(*types.Var); ok && v.IsField() {
							m.inits[v] = append(m.inits[v], kv.Value)
						}
					}
				}
			case *ast.AssignStmt:
				if len(x.Lhs) != len(x.Rhs) {
					return true
				}
				for i, l := range x.Lhs {
					if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
						if s, ok := m.info().Selections[sel]; ok && s.Kind() == types.FieldVal {
							if v, ok := s.Obj().(*types.Var); ok {
								m.inits[v] = append(m.inits[v], x.Rhs[i])
							}
						}
					}
				}
			}
			return true
		})
	}
}

func isStruct(t types.Type) bool {
	_, ok := typesUnder(t).(*types.Struct)
	return ok
}

func typesUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// system returns the messaging system of the client of package path.
func (m *mapper) system(path string) (string, bool) {
	name := m.table.ClientOf(path)
	if name == "" {
		return "", false
	}
	return m.table.System(name)
}

func funcPkg(fn *types.Func) string {
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	return fn.Pkg().Path()
}

func (m *mapper) unit(u *flow.Unit) {
	m.u = u
	m.j = m.res.Judge(m.info(), m.table, u)
	name := m.funcName()
	for _, s := range sites.Sends(u, m.table, m.j.CallFact) {
		m.send(s, name)
	}
	for _, b := range sites.Bare(u, m.table, m.j.CallFact) {
		if b.Via {
			continue // judged, and mapped, in the function that sends
		}
		fn, _ := typeutil.Callee(m.info(), b.Call).(*types.Func)
		sys, _ := m.system(funcPkg(fn))
		site := Site{System: sys, Func: name, Pos: b.Call.Pos(), From: b.Call.Pos(), To: b.Call.End()}
		site.Dest = m.sendArgs(fn, b.Call)
		m.out.Producers = append(m.out.Producers, site)
	}
	for _, r := range m.j.Received() {
		m.received(r, name)
	}
	for _, call := range u.Calls {
		m.call(call, name)
	}
}

// funcName names the unit's function as the map prints it:
// pkg.Func or (*pkg.Type).Method.
func (m *mapper) funcName() string {
	if d, ok := m.u.Root.(*ast.FuncDecl); ok {
		if fn, ok := m.info().Defs[d.Name].(*types.Func); ok {
			return FuncName(fn)
		}
	}
	return m.pass.Pkg.Name() + ".func"
}

// FuncName spells fn with its package's name: pkg.F, (*pkg.T).M.
func FuncName(fn *types.Func) string {
	q := func(p *types.Package) string { return p.Name() }
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		return "(" + types.TypeString(sig.Recv().Type(), q) + ")." + fn.Name()
	}
	if fn.Pkg() == nil {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

func (m *mapper) send(s sites.Send, name string) {
	if m.wrapped(s) {
		return
	}
	call, _ := s.Node.(*ast.CallExpr)
	var fn *types.Func
	if call != nil {
		fn, _ = typeutil.Callee(m.info(), call).(*types.Func)
	}
	site := Site{Func: name, Pos: s.Node.Pos(), From: s.Node.Pos(), To: s.Node.End()}
	// The system is the client's: of the send, or of the message type
	// for a send through a helper or a channel.
	site.System, _ = m.system(funcPkg(fn))
	if site.System == "" {
		site.System = m.msgSystem(s.Msg)
	}
	if s.Traced {
		site.Instrumented = s.Injector
	} else if s.Hooked && m.j.ClientHooks(s.Recv) == facts.HooksTraced {
		site.Instrumented = s.Injector
	}
	var d Dest
	if ds, ok := m.table.DestSend(fn); ok && len(ds.Args) > 0 && call != nil {
		d = m.sendArgs(fn, call)
	} else {
		d = m.msgDest(s.Msg, s.Slice)
		if ok && ds.RecvField != "" && len(d.Names) == 0 && d.Param == nil && call != nil {
			if sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr); isSel {
				if rd := m.fieldOf(sel.X, []string{ds.RecvField}, 0); len(rd.Names) > 0 || rd.Param != nil {
					d = rd
				}
			}
		}
	}
	site.Dest = d
	m.out.Producers = append(m.out.Producers, site)
}

// wrapped reports a send of a message parameter that the function's facts
// say it sends as it is: the send is judged, and mapped, at each call of
// the function (a Via send there).
func (m *mapper) wrapped(s sites.Send) bool {
	if s.Via {
		return false
	}
	v := flow.Root(m.info(), s.Msg)
	if v == nil {
		return false
	}
	p := m.paramRef(v)
	if p == nil {
		return false
	}
	fd := m.u.Root.(*ast.FuncDecl)
	fn, _ := m.info().Defs[fd.Name].(*types.Func)
	f := m.res.Lookup(fn)
	return f != nil && slices.Contains(f.Sends, p.Index)
}

// msgSystem returns the system of the client whose message type e has.
func (m *mapper) msgSystem(e ast.Expr) string {
	t := m.info().TypeOf(e)
	if s, ok := typesUnder(t).(*types.Slice); ok {
		t = s.Elem()
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		s, _ := m.system(n.Obj().Pkg().Path())
		return s
	}
	return ""
}

// sendArgs resolves the destination arguments of a send that names its
// destination in its call (NATS's subject, AMQP's exchange and key).
func (m *mapper) sendArgs(fn *types.Func, call *ast.CallExpr) Dest {
	ds, ok := m.table.DestSend(fn)
	if !ok || len(ds.Args) == 0 {
		return Dest{Expr: types.ExprString(call)}
	}
	var parts []Dest
	for _, i := range ds.Args {
		if i >= len(call.Args) {
			return Dest{Expr: types.ExprString(call)}
		}
		parts = append(parts, m.resolve(call.Args[i], 0))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	// AMQP: exchange/routing key; the default exchange "" routes to the
	// queue named by the key.
	names := []string{""}
	for i, p := range parts {
		if len(p.Names) == 0 {
			names = nil
			continue
		}
		if names == nil {
			continue
		}
		var next []string
		for _, prefix := range names {
			for _, n := range p.Names {
				switch {
				case i == 0:
					next = append(next, n)
				case prefix == "":
					next = append(next, n)
				default:
					next = append(next, prefix+"/"+n)
				}
			}
		}
		names = next
	}
	if names != nil {
		return Dest{Names: dedupe(names)}
	}
	var all []string
	for _, p := range parts {
		all = append(all, p.String())
	}
	return Dest{Expr: strings.Join(all, "/")}
}

// String spells d for a dynamic destination.
func (d Dest) String() string {
	if len(d.Names) > 0 {
		return strings.Join(d.Names, ",")
	}
	return d.Expr
}

// msgDest resolves the destination a message (or slice of messages)
// names in its destination field.
func (m *mapper) msgDest(msg ast.Expr, slice bool) Dest {
	t := m.info().TypeOf(msg)
	if slice {
		if s, ok := typesUnder(t).(*types.Slice); ok {
			t = s.Elem()
		}
	}
	path := m.table.DestField(t)
	if path == nil {
		path = m.guessField(t)
	}
	if path == nil {
		return Dest{Expr: types.ExprString(msg)}
	}
	return m.fieldOf(msg, path, 0)
}

// guessField returns the first of the table's fallback fields that a
// message type of an in-house bus has, as a path.
func (m *mapper) guessField(t types.Type) []string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := typesUnder(t).(*types.Struct)
	if !ok {
		return nil
	}
	for _, name := range m.table.DestFields() {
		for i := 0; i < st.NumFields(); i++ {
			if f := st.Field(i); f.Name() == name && types.Identical(f.Type(), types.Typ[types.String]) {
				return []string{name}
			}
		}
	}
	return nil
}

const maxDepth = 6

// fieldOf resolves field path of the struct value e: from the composite
// literal e is, or the local variable's definitions and writes, or, for
// e a struct field, what the package initialises it with.
func (m *mapper) fieldOf(e ast.Expr, path []string, depth int) Dest {
	dyn := Dest{Expr: types.ExprString(e) + "." + strings.Join(path, ".")}
	if depth > maxDepth {
		return dyn
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return m.fieldOf(x.X, path, depth+1)
		}
	case *ast.StarExpr:
		return m.fieldOf(x.X, path, depth+1)
	case *ast.CompositeLit:
		if _, ok := typesUnder(m.info().TypeOf(x)).(*types.Slice); ok {
			var ds []Dest
			for _, el := range x.Elts {
				ds = append(ds, m.fieldOf(el, path, depth+1))
			}
			return union(ds, dyn)
		}
		for _, el := range x.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == path[0] {
				if len(path) == 1 {
					return m.resolve(kv.Value, depth+1)
				}
				return m.fieldOf(kv.Value, path[1:], depth+1)
			}
		}
		return dyn
	case *ast.Ident:
		v, ok := m.info().Uses[x].(*types.Var)
		if !ok {
			return dyn
		}
		var ds []Dest
		for _, w := range m.u.Writes[v] {
			if w.LHS == nil {
				continue
			}
			if fields, indexed := flow.Path(m.info(), w.LHS); !indexed && slices.Equal(fields, path) {
				ds = append(ds, m.resolve(w.RHS, depth+1))
			}
		}
		defs := m.u.Defs[v]
		if len(defs) == 0 {
			return dyn
		}
		for _, d := range defs {
			switch d.Kind {
			case flow.Assign:
				if len(ds) > 0 && isZeroLit(d.RHS) {
					continue
				}
				ds = append(ds, m.fieldOf(d.RHS, path, depth+1))
			case flow.Range:
				if _, ok := ast.Unparen(d.RHS).(*ast.CompositeLit); ok {
					ds = append(ds, m.fieldOf(d.RHS, path, depth+1))
				} else {
					return dyn
				}
			default:
				if len(ds) == 0 {
					return dyn
				}
			}
		}
		return union(ds, dyn)
	case *ast.SelectorExpr:
		if s, ok := m.info().Selections[x]; ok && s.Kind() == types.FieldVal {
			v, _ := s.Obj().(*types.Var)
			inits := m.inits[v]
			if len(inits) == 0 {
				return dyn
			}
			var ds []Dest
			for _, in := range inits {
				ds = append(ds, m.fieldOf(in, path, depth+1))
			}
			return union(ds, dyn)
		}
	}
	return dyn
}

// isZeroLit reports a composite literal that names no fields: a message
// whose destination is written afterwards.
func isZeroLit(e ast.Expr) bool {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	return ok && len(lit.Elts) == 0
}

// union joins resolved destinations: the names of all, if every one
// resolved to names; else dyn (or the one parameter they share).
func union(ds []Dest, dyn Dest) Dest {
	if len(ds) == 0 {
		return dyn
	}
	var names []string
	for _, d := range ds {
		if len(d.Names) == 0 {
			if len(ds) == 1 {
				return d
			}
			return dyn
		}
		names = append(names, d.Names...)
	}
	return Dest{Names: dedupe(names)}
}

func dedupe(s []string) []string {
	sort.Strings(s)
	return slices.Compact(s)
}

// resolve resolves a destination expression: a constant (literals,
// constant concatenation, named constants), a []string literal of them, a
// local variable assigned once from one, a struct field the package
// initialises with them, a pointer to one of those (confluent's
// *string), or a parameter of the function.
func (m *mapper) resolve(e ast.Expr, depth int) Dest {
	dyn := Dest{Expr: types.ExprString(e)}
	if e == nil || depth > maxDepth {
		return dyn
	}
	if tv, ok := m.info().Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			return Dest{Names: []string{constant.StringVal(tv.Value)}}
		}
		return dyn
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return m.resolve(x.X, depth+1)
		}
	case *ast.StarExpr:
		return m.resolve(x.X, depth+1)
	case *ast.CallExpr:
		// A conversion string(c), or a pointer helper of a single
		// argument (kafka.StringPointer-style &v helpers are spelled
		// inline more often than not).
		if tv, ok := m.info().Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return m.resolve(x.Args[0], depth+1)
		}
	case *ast.CompositeLit:
		if _, ok := typesUnder(m.info().TypeOf(x)).(*types.Slice); ok {
			var ds []Dest
			for _, el := range x.Elts {
				ds = append(ds, m.resolve(el, depth+1))
			}
			return union(ds, dyn)
		}
	case *ast.Ident:
		v, ok := m.info().Uses[x].(*types.Var)
		if !ok {
			return dyn
		}
		if p := m.paramRef(v); p != nil {
			return Dest{Param: p, Expr: x.Name}
		}
		defs := m.u.Defs[v]
		if len(defs) == 0 || len(m.u.Writes[v]) > 0 {
			return dyn
		}
		var ds []Dest
		for _, d := range defs {
			if d.Kind != flow.Assign || d.RHS == nil {
				return dyn
			}
			ds = append(ds, m.resolve(d.RHS, depth+1))
		}
		return union(ds, dyn)
	case *ast.SelectorExpr:
		if s, ok := m.info().Selections[x]; ok && s.Kind() == types.FieldVal {
			v, _ := s.Obj().(*types.Var)
			inits := m.inits[v]
			if len(inits) == 0 {
				return dyn
			}
			var ds []Dest
			for _, in := range inits {
				ds = append(ds, m.resolveOutside(in, depth+1))
			}
			return union(ds, dyn)
		}
	}
	return dyn
}

// resolveOutside resolves a field's initialiser, which may be in another
// function than the unit: only constants count there.
func (m *mapper) resolveOutside(e ast.Expr, depth int) Dest {
	if tv, ok := m.info().Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return Dest{Names: []string{constant.StringVal(tv.Value)}}
	}
	if lit, ok := ast.Unparen(e).(*ast.CompositeLit); ok {
		if _, isSlice := typesUnder(m.info().TypeOf(lit)).(*types.Slice); isSlice {
			var ds []Dest
			for _, el := range lit.Elts {
				ds = append(ds, m.resolveOutside(el, depth+1))
			}
			return union(ds, Dest{Expr: types.ExprString(e)})
		}
	}
	return Dest{Expr: types.ExprString(e)}
}

// paramRef returns v as a parameter of the unit's function declaration,
// or nil.
func (m *mapper) paramRef(v *types.Var) *ParamRef {
	fd, ok := m.u.Root.(*ast.FuncDecl)
	if !ok {
		return nil
	}
	fn, ok := m.info().Defs[fd.Name].(*types.Func)
	if !ok {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	for i := 0; i < sig.Params().Len(); i++ {
		if sig.Params().At(i) == v {
			return &ParamRef{Func: fn.FullName(), Index: i}
		}
	}
	return nil
}

// received maps a received message: its keys, from the receive call's
// client or the function it is a parameter of, and a destination when the
// receive names one itself (AMQP's Consume(queue), an in-house Next(ctx,
// topic)).
func (m *mapper) received(r *propagate.Received, name string) {
	site := Site{Func: name, Pos: r.V.Pos(), From: r.V.Pos(), To: r.V.Pos()}
	if s := r.V.Parent(); s != nil {
		site.To = s.End()
	}
	if r.Desc != nil {
		site.System, _ = m.system(r.Desc.Pkg)
	}
	if m.j.ReceivedHooks(r) == facts.HooksTraced && r.Desc != nil && r.Desc.ContextField != "" {
		if h := m.table.Hooks(r.Desc); h != nil {
			site.Instrumented = h.ContextBy
		}
	}
	site.Dest = Dest{Expr: r.V.Name()}
	for _, d := range m.u.Defs[r.V] {
		switch d.Kind {
		case flow.Param:
			site.Param = true
			switch f := d.Func.(type) {
			case *ast.FuncLit:
				site.Keys = append(site.Keys, fmt.Sprintf("lit:%d", f.Pos()))
			case *ast.FuncDecl:
				if fn, ok := m.info().Defs[f.Name].(*types.Func); ok {
					site.Keys = append(site.Keys, "func:"+fn.FullName())
				}
			}
		case flow.Range, flow.TypeSwitch, flow.Assign:
			deps := m.u.Deps(d.RHS)
			for _, call := range deps.Calls {
				fn, _ := typeutil.Callee(m.info(), call).(*types.Func)
				if fn == nil || !m.table.Receive(fn) {
					continue
				}
				if sub, ok := m.table.Subscription(fn); ok && sub.Arg >= 0 {
					// The receive names its destination (AMQP Consume).
					site.Dest = m.subDest(sub, call)
					site.Pos = call.Pos()
				} else if _, known := m.table.System(m.table.ClientOf(funcPkg(fn))); !known && fn.Pkg() != nil {
					if d := m.firstString(call); d != nil {
						site.Dest, site.Pos = *d, call.Pos()
					}
				}
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
					site.Keys = append(site.Keys, m.clientKeys(sel.X)...)
					site.Dest.Expr = types.ExprString(call)
				}
			}
			for v := range deps.Vars {
				if _, ok := v.Type().Underlying().(*types.Chan); ok {
					site.Keys = append(site.Keys, fmt.Sprintf("var:%d", v.Pos()))
				}
			}
		}
	}
	site.Keys = dedupe(site.Keys)
	m.out.Consumers = append(m.out.Consumers, site)
}

// firstString resolves the first string argument of a call of an
// in-house bus's API, its destination by convention.
func (m *mapper) firstString(call *ast.CallExpr) *Dest {
	for _, a := range call.Args {
		if t := m.info().TypeOf(a); t != nil && types.Identical(t.Underlying(), types.Typ[types.String]) {
			d := m.resolve(a, 0)
			return &d
		}
	}
	return nil
}

// clientKeys returns the keys of a client expression: its variable, the
// field it is read from, and, for a parameter of a method of T, the
// handler type T (sarama's ConsumeClaim(sess, claim)).
func (m *mapper) clientKeys(e ast.Expr) []string {
	var keys []string
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := m.info().Uses[x].(*types.Var)
		if !ok {
			return nil
		}
		keys = append(keys, fmt.Sprintf("var:%d", v.Pos()))
		for _, d := range m.u.Defs[v] {
			switch d.Kind {
			case flow.Assign:
				if sel, ok := ast.Unparen(d.RHS).(*ast.SelectorExpr); ok {
					keys = append(keys, m.clientKeys(sel)...)
				}
			case flow.Param:
				if fd, ok := d.Func.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) > 0 {
					if k := typeKey(m.info().TypeOf(fd.Recv.List[0].Type)); k != "" && !isRecv(m.info(), fd, v) {
						keys = append(keys, k)
					}
				}
			}
		}
	case *ast.SelectorExpr:
		if s, ok := m.info().Selections[x]; ok && s.Kind() == types.FieldVal {
			keys = append(keys, fmt.Sprintf("field:%d", s.Obj().Pos()))
		}
	}
	return keys
}

func isRecv(info *types.Info, fd *ast.FuncDecl, v *types.Var) bool {
	for _, n := range fd.Recv.List[0].Names {
		if info.Defs[n] == v {
			return true
		}
	}
	return false
}

// typeKey is the key of a handler type: its named type, without pointer.
func typeKey(t types.Type) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || types.IsInterface(n) {
		return ""
	}
	return "type:" + n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

// subDest resolves a subscription's destination argument.
func (m *mapper) subDest(sub knowledge.Subscription, call *ast.CallExpr) Dest {
	if sub.Arg < 0 || sub.Arg >= len(call.Args) {
		return Dest{Expr: types.ExprString(call)}
	}
	if sub.Variadic {
		if call.Ellipsis.IsValid() {
			return m.resolve(call.Args[sub.Arg], 0)
		}
		var ds []Dest
		for _, a := range call.Args[sub.Arg:] {
			ds = append(ds, m.resolve(a, 0))
		}
		return union(ds, Dest{Expr: types.ExprString(call)})
	}
	if len(sub.Field) > 0 {
		return m.fieldOf(call.Args[sub.Arg], sub.Field, 0)
	}
	return m.resolve(call.Args[sub.Arg], 0)
}

// call maps a call: a subscription of the table (or of an in-house bus, a
// call of its package given a callback), and any call of a function with
// arguments that may carry a destination or handler into it.
func (m *mapper) call(call *ast.CallExpr, name string) {
	fn, _ := typeutil.Callee(m.info(), call).(*types.Func)
	if fn == nil {
		return
	}
	if sub, ok := m.table.Subscription(fn); ok {
		m.subscription(call, fn, sub, name)
	} else if sys, known := m.system(funcPkg(fn)); sys != "" && !known {
		// An in-house bus's call given a callback or channel that
		// receives its messages: its first string argument names what
		// it subscribes to.
		for i, a := range call.Args {
			if m.handlerArg(a) {
				d := m.firstString(call)
				if d == nil {
					d = &Dest{Expr: types.ExprString(call)}
				}
				m.out.Subscriptions = append(m.out.Subscriptions, Subscription{
					System: sys, Func: name, Pos: call.Pos(), Dest: *d, Keys: m.handlerKeys(call.Args[i]),
				})
			}
		}
	}
	if fn.Pkg() == nil || isStd(fn.Pkg().Path()) {
		return
	}
	c := Call{Callee: fn.Origin().FullName()}
	useful := false
	for _, a := range call.Args {
		var arg Arg
		if t := m.info().TypeOf(a); t != nil && isStringish(t) {
			if d := m.resolve(a, 0); len(d.Names) > 0 {
				arg.Names = d.Names
			} else if d.Param != nil {
				arg.Param = d.Param
			}
		}
		arg.Keys = m.handlerKeys(a)
		if arg.Param == nil {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok {
				if v, ok := m.info().Uses[id].(*types.Var); ok {
					arg.Param = m.paramRef(v)
				}
			}
		}
		if len(arg.Names) > 0 || len(arg.Keys) > 0 || arg.Param != nil {
			useful = true
		}
		c.Args = append(c.Args, arg)
	}
	if useful {
		m.out.Calls = append(m.out.Calls, c)
	}
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func isStringish(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		return isStringish(u.Elem())
	}
	return false
}

// handlerArg reports whether a is a callback or a channel.
func (m *mapper) handlerArg(a ast.Expr) bool {
	switch typesUnder(m.info().TypeOf(a)).(type) {
	case *types.Signature, *types.Chan:
		return true
	}
	return false
}

// handlerKeys returns the keys a handler argument gives the consumers it
// delivers to.
func (m *mapper) handlerKeys(a ast.Expr) []string {
	var keys []string
	switch x := ast.Unparen(a).(type) {
	case *ast.FuncLit:
		return []string{fmt.Sprintf("lit:%d", x.Pos())}
	case *ast.Ident:
		switch obj := m.info().Uses[x].(type) {
		case *types.Func:
			return []string{"func:" + obj.Origin().FullName()}
		case *types.Var:
			if _, ok := obj.Type().Underlying().(*types.Chan); ok {
				return []string{fmt.Sprintf("var:%d", obj.Pos())}
			}
		}
	case *ast.SelectorExpr:
		if s, ok := m.info().Selections[x]; ok && s.Kind() == types.MethodVal {
			if fn, ok := s.Obj().(*types.Func); ok {
				return []string{"func:" + fn.Origin().FullName()}
			}
		}
		if fn, ok := m.info().Uses[x.Sel].(*types.Func); ok {
			return []string{"func:" + fn.Origin().FullName()}
		}
	}
	if k := typeKey(m.info().TypeOf(a)); k != "" && hasMethods(m.info().TypeOf(a)) {
		keys = append(keys, k)
	}
	return keys
}

func hasMethods(t types.Type) bool {
	return types.NewMethodSet(t).Len() > 0
}

// subscription maps a subscription call of the table.
func (m *mapper) subscription(call *ast.CallExpr, fn *types.Func, sub knowledge.Subscription, name string) {
	sys, _ := m.system(funcPkg(fn))
	s := Subscription{System: sys, Func: name, Pos: call.Pos(), Dest: m.subDest(sub, call)}
	if sub.Handler >= 0 && sub.Handler < len(call.Args) {
		h := call.Args[sub.Handler]
		s.Keys = append(s.Keys, m.handlerKeys(h)...)
		if id, ok := ast.Unparen(h).(*ast.Ident); ok {
			if v, ok := m.info().Uses[id].(*types.Var); ok {
				s.Handler = m.paramRef(v)
				if _, isChan := v.Type().Underlying().(*types.Chan); !isChan && s.Handler == nil {
					s.Keys = append(s.Keys, m.clientKeys(id)...)
				}
			}
		}
	}
	if sub.Result {
		s.Keys = append(s.Keys, m.resultKeys(call)...)
	} else if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		s.Keys = append(s.Keys, m.clientKeys(sel.X)...)
		s.Keys = append(s.Keys, m.storedKeys(sel.X)...)
	}
	s.Keys = dedupe(s.Keys)
	m.out.Subscriptions = append(m.out.Subscriptions, s)
}

// resultKeys returns the keys of the client a call returns: the variable
// it is assigned to and the fields that variable is stored in, or the
// field a composite literal gives it. A call given to another call (an
// option of a constructor) stands for that call.
func (m *mapper) resultKeys(call *ast.CallExpr) []string {
	parents := m.u.Parents[call]
	var node ast.Node = call
	for i := len(parents) - 1; i >= 0; i-- {
		switch p := parents[i].(type) {
		case *ast.ParenExpr:
			node = p
			continue
		case *ast.CallExpr:
			if slices.Contains(p.Args, node.(ast.Expr)) {
				node = p
				continue
			}
			return nil
		case *ast.AssignStmt:
			for k, r := range p.Rhs {
				if r == node && k < len(p.Lhs) || len(p.Rhs) == 1 && r == node {
					lhs := p.Lhs[0]
					if len(p.Rhs) == len(p.Lhs) {
						lhs = p.Lhs[k]
					}
					if id, ok := lhs.(*ast.Ident); ok {
						v, _ := m.info().Defs[id].(*types.Var)
						if v == nil {
							v, _ = m.info().Uses[id].(*types.Var)
						}
						if v == nil {
							return nil
						}
						return append([]string{fmt.Sprintf("var:%d", v.Pos())}, m.storedKeys(id)...)
					}
					return m.clientKeys(lhs)
				}
			}
			return nil
		case *ast.KeyValueExpr:
			if id, ok := p.Key.(*ast.Ident); ok {
				if v, ok := m.info().Uses[id].(*types.Var); ok && v.IsField() {
					return []string{fmt.Sprintf("field:%d", v.Pos())}
				}
			}
			return nil
		case *ast.ValueSpec:
			for k, val := range p.Values {
				if val == node && k < len(p.Names) {
					if v, ok := m.info().Defs[p.Names[k]].(*types.Var); ok {
						return append([]string{fmt.Sprintf("var:%d", v.Pos())}, m.storedKeys(p.Names[k])...)
					}
				}
			}
			return nil
		default:
			return nil
		}
	}
	return nil
}

// storedKeys returns the fields of the struct values the unit stores the
// variable e into (T{f: v}, x.f = v).
func (m *mapper) storedKeys(e ast.Expr) []string {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := m.info().Uses[id].(*types.Var)
	if v == nil {
		v, _ = m.info().Defs[id].(*types.Var)
	}
	if v == nil {
		return nil
	}
	var keys []string
	is := func(x ast.Expr) bool {
		xi, ok := ast.Unparen(x).(*ast.Ident)
		return ok && m.info().Uses[xi] == v
	}
	ast.Inspect(m.u.Root, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.KeyValueExpr:
			if k, ok := x.Key.(*ast.Ident); ok && is(x.Value) {
				if f, ok := m.info().Uses[k].(*types.Var); ok && f.IsField() {
					keys = append(keys, fmt.Sprintf("field:%d", f.Pos()))
				}
			}
		case *ast.AssignStmt:
			if len(x.Lhs) == len(x.Rhs) {
				for i, r := range x.Rhs {
					if is(r) {
						if sel, ok := x.Lhs[i].(*ast.SelectorExpr); ok {
							keys = append(keys, m.clientKeys(sel)...)
						}
					}
				}
			}
		}
		return true
	})
	return keys
}

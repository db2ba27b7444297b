package producerinject

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/tracewire/tracewire/analyzer/internal/doc"
	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/otelapi"
	"github.com/tracewire/tracewire/analyzer/internal/report"
	"github.com/tracewire/tracewire/analyzer/internal/sites"
)

//go:embed doc.go
var docSource string

// Name is the analyzer's name.
const Name = "producerinject"

// Config configures the analyzer.
type Config struct {
	// Strict reports every send without injection, even when no context is
	// at hand or the package does not use OpenTelemetry.
	Strict bool
}

// Analyzer is producerinject with the default configuration; its flags
// (-producerinject.strict) set its configuration.
var Analyzer = New(Config{})

// New returns a fresh analyzer for cfg. Analyzers built by New share no
// state.
func New(cfg Config) *analysis.Analyzer {
	c := new(Config)
	*c = cfg
	a := &analysis.Analyzer{
		Name: Name,
		Doc:  doc.MustExtract(docSource, Name),
		URL:  "https://github.com/tracewire/tracewire/blob/main/docs/producerinject.md",
		Run: func(pass *analysis.Pass) (any, error) {
			return nil, report.Guard(pass, func() error { return run(pass, c, knowledge.Default) })
		},
		// Editors and golangci-lint may run analyzers on ill-typed code.
		RunDespiteErrors: true,
	}
	a.Flags.BoolVar(&c.Strict, "strict", c.Strict, "report every send without injection, even when no context is at hand or OpenTelemetry is not imported")
	return a
}

func run(pass *analysis.Pass, cfg *Config, table *knowledge.Table) error {
	im := table.Scan(pass.Pkg)
	if !im.Client || (!cfg.Strict && !im.OTel && !im.Instrumentation) {
		return nil
	}
	r := report.New(pass)
	for _, f := range pass.Files {
		if r.Generated(f) {
			continue
		}
		for _, u := range flow.Units(pass.TypesInfo, f) {
			c := &checker{pass: pass, cfg: cfg, table: table, r: r, u: u, names: report.NewNames(u.Root)}
			c.check()
		}
	}
	return nil
}

type checker struct {
	pass  *analysis.Pass
	cfg   *Config
	table *knowledge.Table
	r     *report.Reporter
	u     *flow.Unit
	names *report.Names
}

// A message is a message operand the analyzer can follow.
type message struct {
	lit     ast.Expr // inline composite literal, or nil
	aliases map[*types.Var]bool
	desc    *knowledge.Message
}

func (c *checker) check() {
	reported := map[*types.Var]bool{}
	for _, s := range sites.Sends(c.u, c.table) {
		var missing bool
		var desc *knowledge.Message
		var key *types.Var
		if s.Slice {
			missing, desc, key = c.sliceMissing(s)
		} else {
			m, ok := c.message(s.Msg)
			if !ok {
				continue
			}
			missing, desc = !c.injected(m, s.Node.Pos()), m.desc
			key = representative(m.aliases)
		}
		if !missing || desc == nil {
			continue
		}
		if key != nil {
			if reported[key] {
				continue // one finding per message: fixing the first covers the rest
			}
			reported[key] = true
		}
		ctxExpr, ctxObj := c.contextAt(s.Node.Pos())
		if ctxExpr == "" && !c.cfg.Strict {
			continue
		}
		c.report(s, desc, ctxExpr, ctxObj)
	}
}

func representative(vs map[*types.Var]bool) *types.Var {
	var best *types.Var
	for v := range vs {
		if best == nil || v.Pos() < best.Pos() {
			best = v
		}
	}
	return best
}

// message classifies a message operand: an inline literal, or a local
// variable whose every definition the analyzer can see. Anything else (a
// parameter, a call result, a field) is left alone.
func (c *checker) message(e ast.Expr) (message, bool) {
	info := c.pass.TypesInfo
	desc := c.table.Message(info.TypeOf(e))
	if desc == nil || !desc.Produced {
		return message{}, false
	}
	if isLiteral(info, e) {
		return message{lit: e, desc: desc}, true
	}
	v := flow.PlainVar(info, e)
	if v == nil {
		return message{}, false
	}
	aliases := c.u.Aliases(v)
	for a := range aliases {
		for _, d := range c.u.Defs[a] {
			switch {
			case d.Kind == flow.Zero:
			case d.Kind == flow.Assign && isLiteral(info, d.RHS):
			case d.Kind == flow.Assign && aliases[flow.PlainVar(info, d.RHS)]:
			default:
				return message{}, false
			}
		}
	}
	return message{aliases: aliases, desc: desc}, true
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

// injected reports whether trace context may reach m's headers before pos.
func (c *checker) injected(m message, pos token.Pos) bool {
	var deps *flow.Set
	var exprs []ast.Expr
	if m.lit != nil {
		deps = c.u.Deps(m.lit)
		exprs = append(exprs, m.lit)
	} else {
		deps = c.u.VarDeps(m.aliases)
	}
	for v := range deps.Vars {
		for _, list := range [][]flow.Def{c.u.Defs[v], c.u.Writes[v]} {
			for _, d := range list {
				exprs = append(exprs, d.RHS)
			}
		}
	}
	if c.mentionsTraceparent(exprs) {
		return true
	}
	for _, call := range deps.Calls {
		if c.opaqueWithContext(call) {
			return true // headers built by code we cannot see, given a context
		}
	}
	for _, call := range c.u.Calls {
		if call.Pos() >= pos {
			break
		}
		switch otelapi.Classify(c.pass.TypesInfo, call) {
		case otelapi.Inject:
			carrier := call.Args[1]
			if isMap(c.pass.TypesInfo.TypeOf(carrier)) {
				// A map carrier counts only once copied into the headers.
				if v := flow.Root(c.pass.TypesInfo, carrier); v != nil && deps.Vars[v] {
					return true
				}
				continue
			}
			if m.aliases != nil && c.u.Deps(carrier).HasAny(m.aliases) {
				return true
			}
		case otelapi.Other:
			if m.aliases != nil && c.opaqueWithContext(call) && c.passes(call, m.aliases) {
				return true // a helper given the context and the message may inject
			}
		}
	}
	return false
}

// opaqueWithContext reports whether call is to code outside the standard
// library, OpenTelemetry and the client tables that receives a context.
func (c *checker) opaqueWithContext(call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn != nil && (otelapi.IsStdlib(fn) || otelapi.IsOTelFunc(fn)) {
		return false
	}
	if _, ok := c.table.Send(fn); ok {
		return false
	}
	for _, a := range call.Args {
		if otelapi.IsContext(info.TypeOf(a)) {
			return true
		}
	}
	return false
}

// passes reports whether call hands a message in vs (or a pointer into it)
// to the callee, as an argument or receiver.
func (c *checker) passes(call *ast.CallExpr, vs map[*types.Var]bool) bool {
	args := call.Args
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		args = append([]ast.Expr{sel.X}, args...)
	}
	for _, a := range args {
		t := c.pass.TypesInfo.TypeOf(a)
		if t == nil {
			continue
		}
		switch t.Underlying().(type) {
		case *types.Pointer, *types.Interface, *types.Slice, *types.Struct:
			if v := flow.Root(c.pass.TypesInfo, a); v != nil && vs[v] {
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
func (c *checker) mentionsTraceparent(exprs []ast.Expr) bool {
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
				if tv, ok := c.pass.TypesInfo.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
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

// sliceMissing judges SendMessages: it reports whether a message of the
// slice that the analyzer can follow lacks injection.
func (c *checker) sliceMissing(s sites.Send) (bool, *knowledge.Message, *types.Var) {
	info := c.pass.TypesInfo
	t := info.TypeOf(s.Msg)
	if t == nil {
		return false, nil, nil
	}
	sl, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false, nil, nil
	}
	desc := c.table.Message(sl.Elem())
	if desc == nil {
		return false, nil, nil
	}
	var elems []ast.Expr
	var aliases map[*types.Var]bool
	if cl, ok := ast.Unparen(s.Msg).(*ast.CompositeLit); ok {
		elems = cl.Elts
	} else {
		v := flow.PlainVar(info, s.Msg)
		if v == nil {
			return false, nil, nil
		}
		aliases = c.u.Aliases(v)
		for a := range aliases {
			for _, d := range c.u.Defs[a] {
				switch {
				case d.Kind == flow.Zero:
				case d.Kind == flow.Assign:
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
							return false, nil, nil
						}
					default:
						if !aliases[flow.PlainVar(info, d.RHS)] {
							return false, nil, nil
						}
					}
				default:
					return false, nil, nil
				}
			}
			for _, d := range c.u.Writes[a] {
				elems = append(elems, d.RHS)
			}
		}
		// Injection into the slice's elements (for _, m := range msgs {...}).
		for ev, defs := range c.u.Defs {
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
				if aliases[flow.PlainVar(info, rhs)] && c.injected(message{aliases: c.u.Aliases(ev), desc: desc}, s.Node.Pos()) {
					return false, nil, nil
				}
			}
		}
	}
	missing := false
	for _, e := range elems {
		if e == nil {
			continue
		}
		m, ok := c.message(e)
		if !ok {
			continue // unknown origin: stay silent about it
		}
		if !c.injected(m, s.Node.Pos()) {
			missing = true
		}
	}
	return missing, desc, representative(aliases)
}

// contextAt finds a context at hand at pos: the innermost local context
// variable declared before pos that carries more than an empty context, or
// r.Context() of an *http.Request parameter. It returns the expression to
// use and the variable it names.
func (c *checker) contextAt(pos token.Pos) (string, types.Object) {
	pkgScope := c.pass.Pkg.Scope()
	for s := pkgScope.Innermost(pos); s != nil && s != pkgScope && s.Parent() != pkgScope; s = s.Parent() {
		var best *types.Var
		var bestReq *types.Var
		for _, name := range s.Names() {
			v, ok := s.Lookup(name).(*types.Var)
			if !ok || v.Pos() >= pos {
				continue
			}
			switch {
			case otelapi.IsContext(v.Type()) && c.carries(v):
				if best == nil || v.Pos() > best.Pos() {
					best = v
				}
			case otelapi.IsHTTPRequestPtr(v.Type()):
				bestReq = v
			}
		}
		if best != nil {
			return best.Name(), best
		}
		if bestReq != nil {
			return bestReq.Name() + ".Context()", bestReq
		}
	}
	return "", nil
}

// carries reports whether context variable v may hold more than
// context.Background() or context.TODO().
func (c *checker) carries(v *types.Var) bool {
	defs := c.u.Defs[v]
	if len(defs) == 0 {
		return true // declared outside this function
	}
	for _, d := range defs {
		if d.Kind != flow.Assign {
			return true
		}
		call, ok := ast.Unparen(d.RHS).(*ast.CallExpr)
		if !ok || otelapi.Classify(c.pass.TypesInfo, call) != otelapi.EmptyContext {
			return true
		}
	}
	return false
}

func (c *checker) report(s sites.Send, desc *knowledge.Message, ctxExpr string, ctxObj types.Object) {
	info := c.pass.TypesInfo
	what := "a message"
	if !isLiteral(info, s.Msg) {
		what = types.ExprString(derefAddr(s.Msg))
	}
	if s.Slice {
		what = "messages of " + types.ExprString(s.Msg)
	}
	ctxName := ctxExpr
	if ctxName == "" {
		ctxName = "the request context"
	}
	sent := s.Label + " sends " + what
	if s.Chan {
		sent = what + " is sent on " + s.Label
	}
	msg := fmt.Sprintf("%s without injected trace context: the consumer will start a new trace; inject %s into the headers with otel.GetTextMapPropagator().Inject before sending",
		sent, ctxName)
	c.r.Report(s.Node, msg, c.fix(s, desc, ctxExpr, ctxObj))
}

// fix builds the suggested fix: inject ctx into the message headers through
// the global propagator and a MapCarrier, just before the send.
func (c *checker) fix(s sites.Send, desc *knowledge.Message, ctxExpr string, ctxObj types.Object) *report.Fix {
	stmt := report.InsertionPoint(c.u.Parents[s.Node], s.Node)
	if stmt == nil {
		return nil
	}
	if !knowledge.Reaches(c.pass.Pkg, "go.opentelemetry.io/otel/propagation") && !hasImport(c.pass.Pkg, "go.opentelemetry.io/otel/propagation") {
		return nil // OpenTelemetry is not in the build: a fix would not compile
	}
	f := c.r.NewFix("Inject the trace context into the message headers", stmt.Pos(), c.names)
	if ctxObj != nil && !report.Visible(c.pass.Pkg, ctxObj, stmt.Pos()) {
		return nil
	}
	if ctxExpr == "" {
		ctxExpr = f.Import("context", "context") + ".TODO()"
	}
	var pre []string
	target := s.Msg
	ref := ""
	if isLiteral(c.pass.TypesInfo, target) || (s.Slice && !isIdentLike(target)) {
		base := "msg"
		if s.Slice {
			base = "msgs"
		}
		ref = f.Fresh(base)
		pre = append(pre, ref+" := "+f.Source(target))
		f.Replace(target, ref)
	} else {
		if v := flow.PlainVar(c.pass.TypesInfo, target); v == nil || !report.Visible(c.pass.Pkg, v, stmt.Pos()) {
			return nil
		}
		ref = types.ExprString(derefAddr(target))
	}
	otel := f.Import("go.opentelemetry.io/otel", "otel")
	prop := f.Import("go.opentelemetry.io/otel/propagation", "propagation")
	client := f.Import(desc.Pkg, pkgName(c.pass.Pkg, desc.Pkg))
	carrier, k, v := f.Fresh("carrier"), f.Fresh("k"), f.Fresh("v")
	key := k
	if desc.KeyIsBytes {
		key = "[]byte(" + k + ")"
	}
	inject := func(m, indent string) []string {
		h := m + "." + desc.HeaderField
		return []string{
			indent + carrier + " := " + prop + ".MapCarrier{}",
			indent + otel + ".GetTextMapPropagator().Inject(" + ctxExpr + ", " + carrier + ")",
			indent + "for " + k + ", " + v + " := range " + carrier + " {",
			indent + "\t" + h + " = append(" + h + ", " + client + "." + desc.HeaderType + "{Key: " + key + ", Value: []byte(" + v + ")})",
			indent + "}",
		}
	}
	lines := pre
	if s.Slice {
		m := f.Fresh("m")
		lines = append(lines, "for _, "+m+" := range "+ref+" {")
		lines = append(lines, inject(m, "\t")...)
		lines = append(lines, "}")
	} else {
		lines = append(lines, inject(ref, "")...)
	}
	f.InsertBefore(stmt, lines...)
	return f
}

func isIdentLike(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.Ident)
	return ok
}

// derefAddr strips a leading & (SendMessage(&msg) injects into msg).
func derefAddr(e ast.Expr) ast.Expr {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		return u.X
	}
	return e
}

func hasImport(pkg *types.Package, path string) bool {
	for _, p := range pkg.Imports() {
		if p.Path() == path {
			return true
		}
	}
	return false
}

// pkgName returns the declared name of the imported package path.
func pkgName(pkg *types.Package, path string) string {
	seen := map[*types.Package]bool{}
	var find func(p *types.Package) string
	find = func(p *types.Package) string {
		if seen[p] {
			return ""
		}
		seen[p] = true
		for _, q := range p.Imports() {
			if q.Path() == path {
				return q.Name()
			}
			if n := find(q); n != "" {
				return n
			}
		}
		return ""
	}
	if n := find(pkg); n != "" {
		return n
	}
	return path[strings.LastIndexByte(path, '/')+1:]
}

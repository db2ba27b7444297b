package staleinject

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/tracewire/tracewire/analyzer/internal/check"
	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/option"
	"github.com/tracewire/tracewire/analyzer/internal/otelapi"
	"github.com/tracewire/tracewire/analyzer/internal/report"
	"github.com/tracewire/tracewire/analyzer/internal/sites"
	"github.com/tracewire/tracewire/analyzer/internal/summary"
)

//go:embed doc.go
var docSource string

// Name is the analyzer's name.
const Name = "staleinject"

// Config configures the analyzer. It has no options yet.
type Config struct{}

// Options declares the analyzer's options: it has none yet. An option
// added here gets its flag, its golangci-lint setting and its editor
// setting from this declaration (see producerinject's).
func (*Config) Options() []option.Option { return nil }

// Analyzer is staleinject with the default configuration.
var Analyzer = New(Config{})

// New returns a fresh analyzer for cfg. Analyzers built by New share no
// state; analyzer.Build passes the fact analyzer of its build in opts.
func New(cfg Config, opts ...check.Option) *analysis.Analyzer {
	return check.New(Name, docSource, cfg.Options(), run, opts...)
}

const tracePkg = "go.opentelemetry.io/otel/trace"

func run(run *check.Run) error {
	if !run.Res.Imports.OTel {
		return nil // Inject, Start and span kinds are OpenTelemetry's
	}
	vars := new(map[*types.Var]ast.Expr) // package variables, built on first use
	for u := range run.Units() {
		if u.Prog == nil {
			continue // ill-typed: no control-flow graph to judge order on
		}
		c := &checker{pass: run.Pass, r: run.R, u: u, table: run.Table, res: run.Res, vars: vars}
		c.check()
	}
	return nil
}

type checker struct {
	pass  *analysis.Pass
	r     *report.Reporter
	u     *flow.Unit
	table *knowledge.Table
	res   *summary.Result
	sends []ast.Node
	// vars memoizes pkgVars for the pass.
	vars *map[*types.Var]ast.Expr
}

// A start is a Start call of a span of kind producer.
type start struct {
	call   *ast.CallExpr
	assign *ast.AssignStmt // ctx, span := call, or nil
}

func (c *checker) check() {
	info := c.pass.TypesInfo
	var injects []*ast.CallExpr
	var starts []start
	for _, call := range c.u.Calls {
		switch otelapi.Classify(info, call) {
		case otelapi.Inject:
			if len(call.Args) == 2 {
				injects = append(injects, call)
			}
		case otelapi.Start:
			if len(call.Args) >= 2 && c.producerKind(call) {
				starts = append(starts, start{call: call, assign: c.assignOf(call)})
			}
		}
	}
	if len(injects) == 0 || len(starts) == 0 {
		return
	}
	j := c.res.Judge(info, c.table, c.u)
	for _, s := range sites.Sends(c.u, c.table, j.CallFact) {
		c.sends = append(c.sends, s.Node)
	}
	p := c.u.Prog
	for _, inj := range injects {
		ctx := p.Value(inj.Args[0])
		if ctx == nil {
			continue
		}
		for _, s := range starts {
			if p.Value(s.call.Args[0]) != ctx || c.injectsSpanContext(injects, s) {
				continue
			}
			before, after := c.mayReach(inj, s.call), c.mayReach(s.call, inj)
			if before && after {
				// A loop: within one run of a block, the order is known.
				pi, ps := p.At(inj), p.At(s.call)
				before, after = pi.Before(ps), ps.Before(pi)
			}
			switch {
			case before && !after && !c.sentBetween(inj, s.call):
				c.reportBefore(inj, s)
			case after && !before:
				c.reportDiscarded(inj, s)
			default:
				continue
			}
			break // one finding per injection
		}
	}
}

// mayReach reports whether a may run before b in one function.
func (c *checker) mayReach(a, b ast.Node) bool {
	p := c.u.Prog
	pa, pb := p.At(a), p.At(b)
	return pa.Valid() && pb.Valid() && pa.Func() == pb.Func() && flow.MayReach(pa, pb, nil)
}

// sentBetween reports whether a message may be sent after a and before b:
// the injection then served that send. When a and b lie in one block (a
// loop body), only a send between them in that block counts.
func (c *checker) sentBetween(a, b ast.Node) bool {
	p := c.u.Prog
	pa, pb := p.At(a), p.At(b)
	same := pa.Before(pb)
	for _, s := range c.sends {
		if same {
			if ps := p.At(s); pa.Before(ps) && ps.Before(pb) {
				return true
			}
			continue
		}
		if c.mayReach(a, s) && c.mayReach(s, b) {
			return true
		}
	}
	return false
}

// injectsSpanContext reports whether some injection injects a context
// derived from what the producer span's Start returns.
func (c *checker) injectsSpanContext(injects []*ast.CallExpr, s start) bool {
	for _, inj := range injects {
		for _, call := range c.u.Deps(inj.Args[0]).Calls {
			if call == s.call {
				return true
			}
		}
	}
	return false
}

// assignOf returns the statement a, b := call (or =) holding call.
func (c *checker) assignOf(call *ast.CallExpr) *ast.AssignStmt {
	stack := c.u.Parents[call]
	if len(stack) == 0 {
		return nil
	}
	as, ok := stack[len(stack)-1].(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || as.Rhs[0] != call || len(as.Lhs) != 2 {
		return nil
	}
	return as
}

// producerKind reports whether a Start call's options include
// trace.WithSpanKind(trace.SpanKindProducer): the call itself, or a
// variable (local, or of the package) whose only definition is one.
func (c *checker) producerKind(call *ast.CallExpr) bool {
	if call.Ellipsis.IsValid() {
		return len(call.Args) == 3 && c.producerSlice(call.Args[2])
	}
	for _, arg := range call.Args[2:] {
		if c.producerOption(arg) {
			return true
		}
	}
	return false
}

// producerSlice reports whether opts (spread into Start) is a local
// variable defined by a slice literal holding the producer kind, and
// otherwise only appended to (opts = append(opts, ...)) with options of
// no kind.
func (c *checker) producerSlice(opts ast.Expr) bool {
	id, ok := ast.Unparen(opts).(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	if v == nil || len(c.u.Writes[v]) > 0 {
		return false
	}
	found := false
	for _, d := range c.u.Defs[v] {
		if d.Kind != flow.Assign {
			return false
		}
		switch rhs := ast.Unparen(d.RHS).(type) {
		case *ast.CompositeLit:
			for _, el := range rhs.Elts {
				if isProducerKind(c.pass.TypesInfo, el) {
					found = true
				}
			}
		case *ast.CallExpr:
			if !isAppendTo(c.pass.TypesInfo, rhs, v) {
				return false
			}
			for _, arg := range rhs.Args[1:] {
				if isSpanKind(c.pass.TypesInfo, arg) {
					return false // another kind may be appended
				}
			}
		default:
			return false
		}
	}
	return found
}

// isAppendTo reports whether call is append(v, ...).
func isAppendTo(info *types.Info, call *ast.CallExpr, v *types.Var) bool {
	fn, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) == 0 {
		return false
	}
	if b, ok := info.Uses[fn].(*types.Builtin); !ok || b.Name() != "append" {
		return false
	}
	first, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	return ok && info.Uses[first] == v
}

// isSpanKind reports whether e is a trace.WithSpanKind call.
func isSpanKind(info *types.Info, e ast.Expr) bool {
	oc, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, _ := typeutil.Callee(info, oc).(*types.Func)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == tracePkg && fn.Name() == "WithSpanKind"
}

func (c *checker) producerOption(arg ast.Expr) bool {
	info := c.pass.TypesInfo
	if id, ok := ast.Unparen(arg).(*ast.Ident); ok {
		v, _ := info.Uses[id].(*types.Var)
		if v == nil {
			return false
		}
		if v.Parent() == c.pass.Pkg.Scope() {
			init, ok := c.pkgVars()[v]
			return ok && isProducerKind(info, init)
		}
		defs := c.u.Defs[v]
		return len(defs) == 1 && len(c.u.Writes[v]) == 0 && defs[0].Kind == flow.Assign && isProducerKind(info, defs[0].RHS)
	}
	return isProducerKind(info, arg)
}

// pkgVars returns the package-level variables declared with one
// initializer and never assigned in the package, with that initializer.
func (c *checker) pkgVars() map[*types.Var]ast.Expr {
	if *c.vars != nil {
		return *c.vars
	}
	info := c.pass.TypesInfo
	vars := map[*types.Var]ast.Expr{}
	*c.vars = vars
	assigned := map[*types.Var]bool{}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, name := range n.Names {
						if v, ok := info.Defs[name].(*types.Var); ok && v.Parent() == c.pass.Pkg.Scope() {
							vars[v] = n.Values[i]
						}
					}
				}
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
						if v, ok := info.Uses[id].(*types.Var); ok {
							assigned[v] = true
						}
					}
				}
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
					if v, ok := info.Uses[id].(*types.Var); ok {
						assigned[v] = true
					}
				}
			}
			return true
		})
	}
	for v := range assigned {
		delete(vars, v)
	}
	return vars
}

// isProducerKind reports whether e is trace.WithSpanKind(trace.SpanKindProducer).
func isProducerKind(info *types.Info, e ast.Expr) bool {
	oc, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(oc.Args) != 1 {
		return false
	}
	fn, _ := typeutil.Callee(info, oc).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != tracePkg || fn.Name() != "WithSpanKind" {
		return false
	}
	want, ok := fn.Pkg().Scope().Lookup("SpanKindProducer").(*types.Const)
	if !ok {
		return false
	}
	tv, ok := info.Types[oc.Args[0]]
	return ok && tv.Value != nil && constant.Compare(tv.Value, token.EQL, want.Val())
}

func (c *checker) line(n ast.Node) int { return c.pass.Fset.Position(n.Pos()).Line }

// reportBefore reports an injection that runs before the producer span
// is started from the same context.
func (c *checker) reportBefore(inj *ast.CallExpr, s start) {
	ctx := types.ExprString(inj.Args[0])
	msg := fmt.Sprintf("Inject injects %s before the producer span started from it at line %d: the consumer becomes a child of the caller, not of the send span, which is left an orphan leaf; inject the context that Start returns, after it",
		ctx, c.line(s.call))
	c.r.Report(inj, msg, c.fixBefore(inj, s))
}

// reportDiscarded reports an injection, after a producer span's Start, of
// the context the span was started from.
func (c *checker) reportDiscarded(inj *ast.CallExpr, s start) {
	ctx := types.ExprString(inj.Args[0])
	what := "the context Start returns"
	if s.assign != nil && isBlank(s.assign.Lhs[0]) {
		what = "the context Start returns (discarded with _)"
	}
	msg := fmt.Sprintf("Inject injects %s, not %s for the producer span started at line %d: the consumer becomes a child of the caller, not of the send span, which is left an orphan leaf",
		ctx, what, c.line(s.call))
	c.r.Report(inj, msg, c.fixDiscarded(inj, s))
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// spanContext returns the name under which the fix refers, at use, to the
// context Start returns, naming it (replacing _) when it was discarded; it
// fails the fix when that is impossible or the name would not hold that
// context at use. Right after the Start's statement (next), the variable
// holds it whatever else assigns it.
func (c *checker) spanContext(f *report.Fix, s start, use token.Pos, next bool) string {
	as := s.assign
	if as == nil {
		f.Fail("Start is not assigned")
		return ""
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		f.Fail("Start's context goes to %s", types.ExprString(as.Lhs[0]))
		return ""
	}
	if id.Name == "_" {
		if as.Tok != token.DEFINE {
			f.Fail("cannot declare a name in an assignment")
			return ""
		}
		if !c.sameBlockAfter(as, use) {
			f.Fail("the use is outside the Start's block")
			return ""
		}
		name := f.Fresh("spanCtx")
		f.Replace(id, name)
		return name
	}
	obj, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if obj == nil || !report.Visible(c.pass.Pkg, obj, use) || (!next && len(c.u.Defs[obj]) != 1) {
		f.Fail("%s is redefined or not visible at the injection", id.Name)
		return ""
	}
	return id.Name
}

// sameBlockAfter reports whether pos lies after stmt, within the block (or
// case body) that holds stmt.
func (c *checker) sameBlockAfter(stmt ast.Stmt, pos token.Pos) bool {
	if pos < stmt.End() {
		return false
	}
	for _, n := range c.u.Parents[stmt.(*ast.AssignStmt).Rhs[0].(*ast.CallExpr)] {
		switch b := n.(type) {
		case *ast.BlockStmt:
			if inList(b.List, stmt) {
				return pos < b.End()
			}
		case *ast.CaseClause:
			if inList(b.Body, stmt) {
				return pos < b.End()
			}
		case *ast.CommClause:
			if inList(b.Body, stmt) {
				return pos < b.End()
			}
		}
	}
	return false
}

func inList(list []ast.Stmt, s ast.Stmt) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fixDiscarded injects the context Start returns instead.
func (c *checker) fixDiscarded(inj *ast.CallExpr, s start) *report.Fix {
	f := c.r.NewFix("Inject the context the producer span's Start returns", inj.Pos(), report.NewNames(c.u.Root))
	if name := c.spanContext(f, s, inj.Pos(), false); name != "" {
		f.Replace(inj.Args[0], name)
	}
	return f
}

// fixBefore moves the injection after the Start and injects the context
// Start returns. The injection must be a statement of its own in the block
// of the Start's assignment, and nothing in between may mention the
// carrier's variables.
func (c *checker) fixBefore(inj *ast.CallExpr, s start) *report.Fix {
	f := c.r.NewFix("Move the injection after the producer span's Start and inject the context it returns", s.call.Pos(), report.NewNames(c.u.Root))
	stack := c.u.Parents[inj]
	if len(stack) < 2 || s.assign == nil {
		f.Fail("not a statement")
		return f
	}
	es, ok := stack[len(stack)-1].(*ast.ExprStmt)
	if !ok {
		f.Fail("the injection is not a statement of its own")
		return f
	}
	var list []ast.Stmt
	switch b := stack[len(stack)-2].(type) {
	case *ast.BlockStmt:
		list = b.List
	case *ast.CaseClause:
		list = b.Body
	case *ast.CommClause:
		list = b.Body
	}
	i, k := -1, -1
	for n, st := range list {
		switch st {
		case ast.Stmt(es):
			i = n
		case ast.Stmt(s.assign):
			k = n
		}
	}
	if i < 0 || k < 0 || i > k {
		f.Fail("the injection and the Start are not in one block")
		return f
	}
	vars := map[types.Object]bool{}
	ast.Inspect(inj.Args[1], func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok {
				vars[obj] = true
			}
		}
		return true
	})
	for _, st := range list[i+1 : k+1] {
		ast.Inspect(st, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && vars[c.pass.TypesInfo.ObjectOf(id)] {
				f.Fail("%s is used between the injection and the Start", id.Name)
			}
			return true
		})
	}
	if !report.AllVisible(c.pass.Pkg, c.pass.TypesInfo, inj.Args[1], s.assign.End()) ||
		!report.AllVisible(c.pass.Pkg, c.pass.TypesInfo, inj.Fun, s.assign.End()) {
		f.Fail("the carrier is not visible after the Start")
	}
	name := c.spanContext(f, s, s.assign.End(), true)
	if name == "" {
		return f
	}
	f.Delete(es)
	f.InsertAfter(s.assign, f.Source(inj.Fun)+"("+name+", "+f.Source(inj.Args[1])+")")
	return f
}

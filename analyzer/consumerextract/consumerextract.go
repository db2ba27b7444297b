package consumerextract

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

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
const Name = "consumerextract"

// Config configures the analyzer. It has no options yet; it exists so that
// every analyzer is built the same way.
type Config struct{}

// Analyzer is consumerextract with the default configuration.
var Analyzer = New(Config{})

// New returns a fresh analyzer for cfg.
func New(cfg Config) *analysis.Analyzer {
	c := cfg
	return &analysis.Analyzer{
		Name: Name,
		Doc:  doc.MustExtract(docSource, Name),
		URL:  "https://github.com/tracewire/tracewire/blob/main/docs/consumerextract.md",
		Run: func(pass *analysis.Pass) (any, error) {
			return nil, report.Guard(pass, func() error { return run(pass, &c, knowledge.Default) })
		},
		// Editors and golangci-lint may run analyzers on ill-typed code.
		RunDespiteErrors: true,
	}
}

func run(pass *analysis.Pass, _ *Config, table *knowledge.Table) error {
	if !table.Scan(pass.Pkg).Client {
		return nil // message types cannot be named without the client
	}
	r := report.New(pass)
	for _, f := range pass.Files {
		if r.Generated(f) {
			continue
		}
		for _, u := range flow.Units(pass.TypesInfo, f) {
			c := &checker{pass: pass, table: table, r: r, u: u, names: report.NewNames(u.Root)}
			c.check()
		}
	}
	return nil
}

type checker struct {
	pass  *analysis.Pass
	table *knowledge.Table
	r     *report.Reporter
	u     *flow.Unit
	names *report.Names
}

// A message is a consumed message held in a variable.
type message struct {
	v       *types.Var
	aliases map[*types.Var]bool
	desc    *knowledge.Message
	param   ast.Node // the function the message is a parameter of, or nil
}

// messages returns the variables of u holding a received message.
func (c *checker) messages() []*message {
	info := c.pass.TypesInfo
	produced := map[*types.Var]bool{}
	for _, s := range sites.Sends(c.u, c.table) {
		if v := flow.Root(info, s.Msg); v != nil {
			for a := range c.u.Aliases(v) {
				produced[a] = true
			}
		}
	}
	var out []*message
	for v, defs := range c.u.Defs {
		if _, ok := types.Unalias(v.Type()).(*types.Pointer); !ok {
			continue
		}
		desc := c.table.Message(v.Type())
		if desc == nil || !desc.Consumed || produced[v] {
			continue
		}
		m := &message{v: v, desc: desc}
		received, ok := c.received(defs, desc, m)
		if !ok {
			continue
		}
		if received {
			m.aliases = c.u.Aliases(v)
			out = append(out, m)
		}
	}
	return out
}

// received reports whether the definitions of a message variable show a
// received message: a parameter, or a value obtained from a consumer's
// receive API (for a type used in both directions, the receive must be
// visible; a consume-only type just must not be built here). ok is false
// when a definition builds the message here.
func (c *checker) received(defs []flow.Def, desc *knowledge.Message, m *message) (received, ok bool) {
	info := c.pass.TypesInfo
	for _, d := range defs {
		switch d.Kind {
		case flow.Param:
			received, m.param = true, d.Func
		case flow.Zero:
			return false, false
		case flow.Range, flow.TypeSwitch, flow.Assign:
			if d.Kind == flow.Assign && isLiteral(info, d.RHS) {
				return false, false
			}
			if !desc.Produced {
				received = true
				continue
			}
			for _, call := range c.u.Deps(d.RHS).Calls {
				if fn, _ := typeutil.Callee(info, call).(*types.Func); c.table.Receive(fn) {
					received = true
				}
			}
		}
	}
	return received, true
}

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

func (c *checker) check() {
	msgs := c.messages()
	if len(msgs) == 0 {
		return
	}
	for _, call := range c.u.Calls {
		if otelapi.Classify(c.pass.TypesInfo, call) != otelapi.Start || len(call.Args) < 2 || !c.wellTyped(call.Args) {
			continue
		}
		var inScope []*message
		for _, m := range msgs {
			if s := m.v.Parent(); s != nil && s.Contains(call.Pos()) && m.v.Pos() < call.Pos() {
				inScope = append(inScope, m)
			}
		}
		if len(inScope) == 0 {
			continue // not message-handling code
		}
		if c.propagated(call, inScope) {
			continue
		}
		innermost := inScope[0]
		for _, m := range inScope[1:] {
			if m.v.Pos() > innermost.v.Pos() {
				innermost = m
			}
		}
		c.report(call, innermost)
	}
}

// wellTyped reports whether every expression within args has a valid type:
// ill-typed code is not judged.
func (c *checker) wellTyped(args []ast.Expr) bool {
	info := c.pass.TypesInfo
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

// propagated reports whether the span started by call may continue (or
// link to) the trace of one of msgs, or whether the analyzer cannot tell.
func (c *checker) propagated(call *ast.CallExpr, msgs []*message) bool {
	parent := c.u.Deps(call.Args[0])
	for _, pc := range parent.Calls {
		if otelapi.Classify(c.pass.TypesInfo, pc) == otelapi.Start {
			return true // a child of a span started here: that Start is judged instead
		}
	}
	opts := c.u.Deps(call.Args[2:]...)
	for _, m := range msgs {
		if c.extractedFrom(parent, m) || c.extractedFrom(opts, m) {
			return true
		}
		if m.param != nil {
			// The handler received its context with the message: the
			// caller may have extracted it.
			for v := range parent.Vars {
				for _, d := range c.u.Defs[v] {
					if d.Kind == flow.Param && d.Func == m.param && otelapi.IsContext(v.Type()) {
						return true
					}
				}
			}
		}
	}
	return false
}

// extractedFrom reports whether deps includes an extraction of m's trace
// context, or a call to code outside the standard library and OpenTelemetry
// that is given the message (it may extract).
func (c *checker) extractedFrom(deps *flow.Set, m *message) bool {
	info := c.pass.TypesInfo
	for _, call := range deps.Calls {
		switch otelapi.Classify(info, call) {
		case otelapi.Extract, otelapi.RemoteSpanContext:
			if len(call.Args) == 2 && c.u.Deps(call.Args[1]).HasAny(m.aliases) {
				return true
			}
		case otelapi.Other:
			if tv, ok := info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
				continue
			}
			fn, _ := typeutil.Callee(info, call).(*types.Func)
			if fn != nil && (otelapi.IsStdlib(fn) || otelapi.IsOTelFunc(fn)) {
				continue
			}
			for _, a := range call.Args {
				if v := flow.Root(info, a); v != nil && m.aliases[v] {
					return true
				}
			}
		}
	}
	return false
}

func (c *checker) report(call *ast.CallExpr, m *message) {
	parent := types.ExprString(call.Args[0])
	msg := fmt.Sprintf("span %s is started from %s, not from the trace context in %s's headers: the message's trace is broken here; extract it with otel.GetTextMapPropagator().Extract over %s.%s and start the span from the result",
		types.ExprString(call.Args[1]), parent, m.v.Name(), m.v.Name(), m.desc.HeaderField)
	c.r.Report(call, msg, c.fix(call, m))
}

// fix extracts onto the existing parent from a MapCarrier filled from the
// message headers, and starts the span from the result.
func (c *checker) fix(call *ast.CallExpr, m *message) *report.Fix {
	stmt := report.InsertionPoint(c.u.Parents[call], call)
	if stmt == nil || !report.Visible(c.pass.Pkg, m.v, stmt.Pos()) {
		return nil
	}
	if !knowledge.Reaches(c.pass.Pkg, "go.opentelemetry.io/otel/propagation") {
		return nil
	}
	f := c.r.NewFix("Start the span from the context extracted from the message headers", stmt.Pos(), c.names)
	otel := f.Import("go.opentelemetry.io/otel", "otel")
	prop := f.Import("go.opentelemetry.io/otel/propagation", "propagation")
	carrier, h := f.Fresh("headers"), f.Fresh("h")
	key := h + ".Key"
	if m.desc.KeyIsBytes {
		key = "string(" + key + ")"
	}
	f.InsertBefore(stmt,
		carrier+" := "+prop+".MapCarrier{}",
		"for _, "+h+" := range "+m.v.Name()+"."+m.desc.HeaderField+" {",
		"\t"+carrier+"["+key+"] = string("+h+".Value)",
		"}",
	)
	f.Replace(call.Args[0], otel+".GetTextMapPropagator().Extract("+f.Source(call.Args[0])+", "+carrier+")")
	return f
}

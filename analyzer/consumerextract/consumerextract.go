package consumerextract

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/tracewire/tracewire/analyzer/internal/check"
	"github.com/tracewire/tracewire/analyzer/internal/facts"
	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/gomod"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/option"
	"github.com/tracewire/tracewire/analyzer/internal/otelapi"
	"github.com/tracewire/tracewire/analyzer/internal/propagate"
	"github.com/tracewire/tracewire/analyzer/internal/report"
)

//go:embed doc.go
var docSource string

// Name is the analyzer's name.
const Name = "consumerextract"

// Config configures the analyzer. It has no options yet; it exists so that
// every analyzer is built the same way.
type Config struct{}

// Options declares the analyzer's options: it has none yet. An option
// added here gets its flag, its golangci-lint setting and its editor
// setting from this declaration (see producerinject's).
func (*Config) Options() []option.Option { return nil }

// Analyzer is consumerextract with the default configuration.
var Analyzer = New(Config{})

// New returns a fresh analyzer for cfg; analyzer.Build passes the fact
// analyzer of its build in opts.
func New(cfg Config, opts ...check.Option) *analysis.Analyzer {
	c := cfg
	return check.New(Name, docSource, c.Options(), func(r *check.Run) error { return run(r, &c) }, opts...)
}

func run(run *check.Run, _ *Config) error {
	res := run.Res
	if !res.Imports.Client && !res.FactImports {
		return nil // no messages handled here
	}
	for u := range run.Units() {
		c := &checker{
			pass: run.Pass, r: run.R, u: u, names: report.NewNames(u.Root),
			j:      run.Judge(u),
			module: res.Module,
			traced: res.Imports.OTel || res.Imports.Instrumentation,
		}
		c.check()
	}
	return nil
}

type checker struct {
	pass  *analysis.Pass
	r     *report.Reporter
	u     *flow.Unit
	names *report.Names
	j     *propagate.Judge
	// module is the package's go.mod, or nil: a fix may import
	// OpenTelemetry packages the module requires (report.OTelImportable).
	module *gomod.Module
	// traced reports that the package imports OpenTelemetry or an
	// instrumentation package: it has trace context to extract.
	traced bool
}

func (c *checker) check() {
	c.checkRequests()
	msgs := c.j.Received()
	if len(msgs) == 0 {
		return
	}
	for _, call := range c.u.Calls {
		// A span started here, or a call of a function that starts spans
		// from one of its context arguments (per its facts).
		var args []int
		if otelapi.Classify(c.pass.TypesInfo, call) == otelapi.Start {
			if len(call.Args) < 2 {
				continue
			}
			args = []int{0}
		} else if f := c.j.CallFact(call); f != nil {
			args = f.Spans
		}
		if len(args) == 0 {
			continue
		}
		inScope := propagate.InScope(msgs, call.Pos())
		if len(inScope) == 0 {
			continue // not message-handling code
		}
		for _, i := range args {
			if i >= len(call.Args) || !c.j.WellTyped(call.Args) {
				continue
			}
			var others []ast.Expr
			for k, a := range call.Args {
				if k != i {
					others = append(others, a)
				}
			}
			if c.j.Propagated(call.Args[i], others, inScope) {
				continue
			}
			c.report(call, i, propagate.Innermost(inScope))
		}
	}
}

// traceKey is the header key of the W3C trace context, which a receive
// must ask for (AttributeRequest).
const traceKey = "traceparent"

// checkRequests reports the receives whose input asks for no headers, or
// none that hold the trace context, so that the service returns the
// messages without it (SQS's ReceiveMessage without
// MessageAttributeNames). Only an input written as a literal here is
// judged, in a package that has OpenTelemetry to extract with.
func (c *checker) checkRequests() {
	info := c.pass.TypesInfo
	if !c.traced {
		return
	}
	for _, call := range c.u.Calls {
		fn, _ := typeutil.Callee(info, call).(*types.Func)
		req, ok := c.j.Table.AttributeRequest(fn)
		if !ok || req.Arg >= len(call.Args) {
			continue
		}
		lit := c.inputLit(call.Args[req.Arg])
		if lit == nil || slices.ContainsFunc(req.Others, func(f string) bool { return report.FieldValue(lit, f) != nil }) {
			continue
		}
		names := report.FieldValue(lit, req.Field)
		if names == nil {
			msg := fmt.Sprintf("%s asks for no message attributes (its input sets no %s): %s returns the messages without them, so no trace context can be extracted from them; ask for them with %s: []string{\"All\"}",
				req.Label, req.Field, req.Service, req.Field)
			c.r.Report(call, msg, c.requestFix(lit, req))
			continue
		}
		sl, ok := ast.Unparen(names).(*ast.CompositeLit)
		if !ok {
			continue // names from elsewhere
		}
		asks := false
		var quoted []string
		for _, el := range sl.Elts {
			tv, ok := info.Types[el]
			if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
				asks = true // a name not known here
				break
			}
			name := constant.StringVal(tv.Value)
			if req.Asks(name, traceKey) {
				asks = true
				break
			}
			quoted = append(quoted, strconv.Quote(name))
		}
		if asks {
			continue
		}
		msg := fmt.Sprintf("%s asks for message attributes that do not include %s (%s: %s): %s returns the messages without their trace context; add %q, %q and %q, or ask for \"All\"",
			req.Label, traceKey, req.Field, "[]string{"+strings.Join(quoted, ", ")+"}", req.Service, traceKey, "tracestate", "baggage")
		var fix *report.Fix
		if n := len(sl.Elts); n > 0 && c.oneLine(sl) {
			fix = c.r.NewFix("Ask for the trace context's attributes", sl.Pos(), c.names)
			f := fix
			f.InsertAt(sl.Elts[n-1].End(), `, "traceparent", "tracestate", "baggage"`)
		}
		c.r.Report(call, msg, fix)
	}
}

// inputLit returns the composite literal of a receive's input: the
// argument itself (or its address), or the literal a local variable is
// assigned once whose field is not written after.
func (c *checker) inputLit(e ast.Expr) *ast.CompositeLit {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		e = ast.Unparen(u.X)
	}
	switch x := e.(type) {
	case *ast.CompositeLit:
		return x
	case *ast.Ident:
		v, ok := c.pass.TypesInfo.Uses[x].(*types.Var)
		if !ok || len(c.u.Writes[v]) > 0 {
			return nil
		}
		if defs := c.u.Defs[v]; len(defs) == 1 && defs[0].Kind == flow.Assign {
			if lit := c.inputLit(defs[0].RHS); lit != nil && lit != e {
				return lit
			}
		}
	}
	return nil
}

// requestFix asks for every attribute: the field added to a literal on
// one line (on several, gofmt's alignment is the user's to keep, and the
// finding has no fix).
func (c *checker) requestFix(lit *ast.CompositeLit, req knowledge.AttributeRequest) *report.Fix {
	if !report.Keyed(lit) || !c.oneLine(lit) {
		return nil
	}
	f := c.r.NewFix("Ask for every message attribute", lit.Pos(), c.names)
	at, text := report.NewField(lit, req.Field+`: []string{"All"}`)
	f.InsertAt(at, text)
	return f
}

// oneLine reports whether a composite literal is written on one line.
func (c *checker) oneLine(lit *ast.CompositeLit) bool {
	return c.pass.Fset.Position(lit.Lbrace).Line == c.pass.Fset.Position(lit.Rbrace).Line
}

func (c *checker) report(call *ast.CallExpr, arg int, m *propagate.Received) {
	parent := types.ExprString(call.Args[arg])
	var what string
	if otelapi.Classify(c.pass.TypesInfo, call) == otelapi.Start {
		what = fmt.Sprintf("span %s is started from %s", types.ExprString(call.Args[1]), parent)
	} else {
		what = fmt.Sprintf("%s starts a span from %s", types.ExprString(call.Fun), parent)
	}
	if h := c.tracedCallback(m); h != nil {
		msg := fmt.Sprintf("%s, not from the context the client calls the callback with, which %s started from %s's trace: the message's trace is broken here; start the span from that context",
			what, h.ContextBy, m.V.Name())
		c.r.Report(call, msg, c.callbackFix(call, arg, m, h))
		return
	}
	if h := c.hooks(m); h != nil {
		alt := ""
		if h.Alternative != "" {
			alt = " (or use " + fmt.Sprintf(h.Alternative, m.V.Name()) + ")"
		}
		msg := fmt.Sprintf("%s, not from the trace context in %s's headers: the message's trace is broken here; start it from %s.%s, which %s set to the context extracted from the headers%s",
			what, m.V.Name(), m.V.Name(), m.Desc.ContextField, h.ContextBy, alt)
		c.r.Report(call, msg, c.hookFix(call, arg, m, h))
		return
	}
	headers := knowledge.Headers{Msg: m.V.Name(), Desc: m.Desc}.Expr()
	msg := fmt.Sprintf("%s, not from the trace context in %s's headers: the message's trace is broken here; extract it with otel.GetTextMapPropagator().Extract over %s and start the span from the result%s",
		what, m.V.Name(), headers, m.Desc.ExtractNote)
	c.r.Report(call, msg, c.fix(call, arg, m))
}

// hooks returns the tracing hooks of the client m came from when they are
// installed and set the message's context field (franz-go with kotel), or
// nil.
func (c *checker) hooks(m *propagate.Received) *knowledge.Hooks {
	h := c.j.Table.Hooks(m.Desc)
	if h == nil || m.Desc.ContextField == "" || c.j.ReceivedHooks(m) != facts.HooksTraced {
		return nil
	}
	return h
}

// tracedCallback returns the tracing hooks of the client when m is a
// parameter of a callback that client calls with a context its tracing
// started from the message's trace (Pub/Sub built with
// EnableOpenTelemetryTracing), or nil.
func (c *checker) tracedCallback(m *propagate.Received) *knowledge.Hooks {
	if m.Param == nil || c.j.ReceiveCallback == nil {
		return nil
	}
	if rc, ok := c.j.ReceiveCallback(m.Param); !ok || !rc.Traced {
		return nil
	}
	return c.j.Table.Hooks(m.Desc)
}

// callbackFix starts the span from the callback's context parameter,
// naming it if it is blank: that context in place of an empty one, or, to
// keep a context that carries cancellation and values, that context with
// the callback context's span.
func (c *checker) callbackFix(call *ast.CallExpr, arg int, m *propagate.Received, h *knowledge.Hooks) *report.Fix {
	var ft *ast.FuncType
	switch fn := m.Param.(type) {
	case *ast.FuncLit:
		ft = fn.Type
	case *ast.FuncDecl:
		ft = fn.Type
	}
	var param *ast.Ident
	for _, field := range ft.Params.List {
		if len(field.Names) > 0 && otelapi.IsContext(c.pass.TypesInfo.TypeOf(field.Type)) {
			param = field.Names[0]
			break
		}
	}
	if param == nil {
		return nil // unnamed parameters: naming one means naming all
	}
	parent := call.Args[arg]
	f := c.r.NewFix(h.FixTitle, parent.Pos(), c.names)
	name := param.Name
	if name == "_" {
		name = f.Fresh("msgCtx")
		f.Replace(param, name)
	} else if v, _ := c.pass.TypesInfo.Defs[param].(*types.Var); v == nil || !report.Visible(c.pass.Pkg, v, parent.Pos()) {
		return nil
	}
	return c.spanFrom(f, parent, name)
}

// hookFix starts the span from the context kotel's hooks put in the
// record: r.Context in place of an empty context, or, to keep a context
// that carries cancellation and values, that context with r.Context's span.
func (c *checker) hookFix(call *ast.CallExpr, arg int, m *propagate.Received, h *knowledge.Hooks) *report.Fix {
	parent := call.Args[arg]
	if !report.Visible(c.pass.Pkg, m.V, parent.Pos()) {
		return nil
	}
	f := c.r.NewFix(h.FixTitle, parent.Pos(), c.names)
	field := m.V.Name() + "." + m.Desc.ContextField
	return c.spanFrom(f, parent, field)
}

// spanFrom completes a fix that starts the span from the context ctx
// holds the message's trace in: ctx in place of an empty parent, or, to
// keep a parent that carries cancellation and values, the parent with
// ctx's span.
func (c *checker) spanFrom(f *report.Fix, parent ast.Expr, ctx string) *report.Fix {
	if pc, ok := ast.Unparen(parent).(*ast.CallExpr); ok && otelapi.IsBackground(c.pass.TypesInfo, pc) {
		f.Replace(parent, ctx)
		return f
	}
	if !knowledge.Reaches(c.pass.Pkg, "go.opentelemetry.io/otel/trace") {
		return nil
	}
	trace := f.Import("go.opentelemetry.io/otel/trace", "trace")
	f.Replace(parent, trace+".ContextWithSpan("+f.Source(parent)+", "+trace+".SpanFromContext("+ctx+"))")
	return f
}

// fix extracts onto the existing parent from a MapCarrier filled from the
// message headers, and starts the span from the result.
func (c *checker) fix(call *ast.CallExpr, arg int, m *propagate.Received) *report.Fix {
	stmt := report.InsertionPoint(c.u.Parents[call], call)
	if stmt == nil || !report.Visible(c.pass.Pkg, m.V, stmt.Pos()) {
		return nil
	}
	if !report.OTelImportable(c.pass.Pkg, c.module) {
		return nil
	}
	f := c.r.NewFix("Start the span from the context extracted from the message headers", stmt.Pos(), c.names)
	otel := f.Import("go.opentelemetry.io/otel", "otel")
	stmts, carrier := knowledge.CodecOf(m.Desc).Extract(f, knowledge.Headers{Msg: m.V.Name(), Desc: m.Desc})
	if len(stmts) > 0 {
		f.InsertBefore(stmt, stmts...)
	}
	f.Replace(call.Args[arg], otel+".GetTextMapPropagator().Extract("+f.Source(call.Args[arg])+", "+carrier+")")
	return f
}

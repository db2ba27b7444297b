package producerinject

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer/internal/check"
	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/gomod"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/option"
	"github.com/tracewire/tracewire/analyzer/internal/otelapi"
	"github.com/tracewire/tracewire/analyzer/internal/propagate"
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
// state; analyzer.Build passes the fact analyzer of its build in opts.
func New(cfg Config, opts ...check.Option) *analysis.Analyzer {
	c := cfg
	return check.New(Name, docSource, c.Options(), func(r *check.Run) error { return run(r, &c) }, opts...)
}

// Options declares the analyzer's options, held in c: its flags, its
// golangci-lint settings and its editor settings are made from them.
func (c *Config) Options() []option.Option {
	return []option.Option{
		option.Bool(&c.Strict, "strict", "also report sends when no context is at hand or the package has no trace context to propagate (it imports neither OpenTelemetry nor an instrumentation package, directly or through packages with tracewire facts, and its module does not require a tracing library directly), and sends in test files of packages traced only by their module"),
	}
}

func run(run *check.Run, cfg *Config) error {
	pass, res, table := run.Pass, run.Res, run.Table
	im := res.Imports
	if !im.Client && !res.FactImports {
		return nil // no messages to send here
	}
	if !cfg.Strict && !res.Traced() {
		return nil // no trace context to propagate
	}
	orphans := orphanParams(pass)
	nt := nativeTracer(table, pass.Pkg, im)
	for u := range run.Units() {
		c := &checker{
			pass: pass, cfg: cfg, table: table, r: run.R, u: u, names: report.NewNames(u.Root),
			j:       run.Judge(u),
			orphans: orphans,
			native:  nt,
			// Traced by its module alone: only a context from the
			// caller shows a request whose trace the send breaks.
			callerOnly: !res.HasTrace(),
			module:     res.Module,
		}
		c.check()
	}
	return nil
}

// orphanParams returns the message parameters of unexported functions that
// nothing in the package refers to. A send of such a parameter is judged at
// the send itself: no call site exists to judge it at.
func orphanParams(pass *analysis.Pass) map[*types.Var]bool {
	used := map[types.Object]bool{}
	for _, obj := range pass.TypesInfo.Uses {
		used[obj] = true
	}
	ifaceMethods := map[string]bool{}
	for _, obj := range pass.TypesInfo.Defs {
		if tn, ok := obj.(*types.TypeName); ok {
			if it, ok := tn.Type().Underlying().(*types.Interface); ok {
				for i := 0; i < it.NumMethods(); i++ {
					ifaceMethods[it.Method(i).Name()] = true
				}
			}
		}
	}
	out := map[*types.Var]bool{}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || fd.Name.IsExported() || fd.Name.Name == "init" || fd.Name.Name == "main" {
				continue
			}
			fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if fn == nil || used[fn] || (fd.Recv != nil && ifaceMethods[fd.Name.Name]) {
				continue
			}
			for _, field := range fd.Type.Params.List {
				for _, name := range field.Names {
					if v, ok := pass.TypesInfo.Defs[name].(*types.Var); ok {
						out[v] = true
					}
				}
			}
		}
	}
	return out
}

type checker struct {
	pass    *analysis.Pass
	cfg     *Config
	table   *knowledge.Table
	r       *report.Reporter
	u       *flow.Unit
	names   *report.Names
	j       *propagate.Judge
	orphans map[*types.Var]bool
	// native is the tracer with its own propagation API that the package
	// uses instead of OpenTelemetry, or nil.
	native *knowledge.NativeTracer
	// callerOnly reports a package traced only by its module's go.mod:
	// in default mode a send is judged only with a context from the
	// caller at hand.
	callerOnly bool
	module     *gomod.Module
}

func (c *checker) check() {
	reported := map[*types.Var]bool{}
	hookReported := map[ast.Node]bool{}
	for _, s := range sites.Sends(c.u, c.table, c.j.CallFact) {
		v := c.j.Send(s, c.orphans)
		switch v.State {
		case propagate.SendInstrumented:
			if !hookReported[s.Node] && c.checkHookContext(s) {
				hookReported[s.Node] = true
			}
			continue
		case propagate.SendJudged:
		default:
			continue
		}
		desc := v.Desc
		if !v.Missing || desc == nil {
			continue
		}
		if key := propagate.Representative(v.Aliases); key != nil {
			if reported[key] {
				continue // one finding per message: fixing the first covers the rest
			}
			reported[key] = true
		}
		ctxExpr, ctxObj := c.contextAt(s.Node.Pos())
		if !c.cfg.Strict && (ctxExpr == "" || (c.callerOnly && (c.inTest(s.Node) || !c.fromCaller(ctxObj)))) {
			continue
		}
		c.report(s, desc, ctxExpr, ctxObj)
	}
	for _, b := range sites.Bare(c.u, c.table, c.j.CallFact) {
		ctxExpr, ctxObj := c.contextAt(b.Call.Pos())
		if b.Via && ctxExpr == "" {
			continue // no context lost at this call, even under -strict: the wrapper's send is judged in the wrapper
		}
		if !c.cfg.Strict && (ctxExpr == "" || (c.callerOnly && (c.inTest(b.Call) || !c.fromCaller(ctxObj)))) {
			continue
		}
		if !b.Via && c.j.InPayload(propagate.PayloadArgs(c.pass.TypesInfo, b.Call.Args)) {
			continue // the payload carries the trace context
		}
		c.reportBare(b, ctxExpr, ctxObj)
	}
}

// reportBare reports a send that cannot carry headers while a context is at
// hand (or, strict, at all).
func (c *checker) reportBare(b sites.BareSend, ctxExpr string, ctxObj types.Object) {
	ctxName := ctxExpr
	if ctxName == "" {
		ctxName = "a context"
	}
	lost := "the trace context in " + ctxExpr + " cannot cross it"
	if ctxExpr == "" {
		lost = "no trace context can cross it"
	}
	if b.Via {
		callee := types.ExprString(b.Call.Fun)
		msg := fmt.Sprintf("%s sends with %s, which cannot carry headers, and is given no context, so %s: the consumer will start a new trace; give %s the context and have it send a message with headers, injected",
			callee, b.Label, lost, callee)
		c.r.Report(b.Call, msg, nil)
		return
	}
	typ, field := c.rerouteNames(b.How)
	msg := fmt.Sprintf("%s cannot carry headers, so %s: the consumer will start a new trace; build a %s, inject %s into its %s and send it with %s",
		b.Label, lost, typ, ctxName, field, b.How.Method)
	c.r.Report(b.Call, msg, c.bareFix(b, ctxExpr, ctxObj))
}

// rerouteNames spells the message type a reroute builds (*nats.Msg) and
// where its headers are (Header), for diagnostics.
func (c *checker) rerouteNames(r *knowledge.Reroute) (string, string) {
	dot := strings.LastIndexByte(r.Msg, '.')
	path, name := r.Msg[:dot], r.Msg[dot+1:]
	typ := pkgName(c.pass.Pkg, path) + "." + name
	if r.Pointer {
		typ = "*" + typ
	}
	field := "headers"
	if T := c.rerouteType(r); T != nil {
		if d := c.table.Message(T); d != nil {
			field = d.HeaderField
			if field == "" {
				field = d.HeaderAccessor + "()"
			}
		}
	}
	return typ, field
}

// rerouteType returns the message type a reroute builds, found among the
// packages the package imports (directly or not), or nil.
func (c *checker) rerouteType(r *knowledge.Reroute) types.Type {
	dot := strings.LastIndexByte(r.Msg, '.')
	p := findPackage(c.pass.Pkg, r.Msg[:dot])
	if p == nil {
		return nil
	}
	tn, _ := p.Scope().Lookup(r.Msg[dot+1:]).(*types.TypeName)
	if tn == nil {
		return nil
	}
	if r.Pointer {
		return types.NewPointer(tn.Type())
	}
	return tn.Type()
}

// bareFix builds a message from the arguments of a send that cannot carry
// headers, with headers, injects ctx into them and calls the variant that
// takes the message:
//
//	msg := &nats.Msg{Subject: subj, Data: data, Header: nats.Header{}}
//	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(msg.Header))
//	err := nc.PublishMsg(msg)
func (c *checker) bareFix(b sites.BareSend, ctxExpr string, ctxObj types.Object) *report.Fix {
	call := b.Call
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	stmt := report.InsertionPoint(c.u.Parents[call], call)
	if !ok || stmt == nil || !c.otelAvailable() {
		return nil
	}
	if ctxObj != nil && !report.Visible(c.pass.Pkg, ctxObj, stmt.Pos()) {
		return nil
	}
	r := b.How
	T := c.rerouteType(r)
	if T == nil {
		return nil
	}
	if recv := c.pass.TypesInfo.TypeOf(sel.X); recv == nil {
		return nil
	} else if obj, _, _ := types.LookupFieldOrMethod(recv, true, c.pass.Pkg, r.Method); obj == nil {
		return nil // an interface of the program's with the send but not its variant
	}
	desc := c.table.Message(T)
	if desc == nil || desc.HeaderField == "" {
		return nil
	}
	ht, elem := knowledge.HeaderTypes(desc, T)
	if ht == nil {
		return nil
	}
	f := c.r.NewFix("Send a message with the trace context injected into its headers", stmt.Pos(), c.names)
	if ctxExpr == "" {
		ctxExpr = f.Import("context", "context") + ".TODO()"
	}
	h := knowledge.Headers{Desc: desc, Type: report.HeaderType(f, ht)}
	if elem != nil {
		h.Elem = f.Type(elem)
	}
	var elts []string
	for _, af := range r.Fields {
		if af.Arg >= len(call.Args) {
			return nil
		}
		a := call.Args[af.Arg]
		if !report.AllVisible(c.pass.Pkg, c.pass.TypesInfo, a, stmt.Pos()) || !report.FirstCall(stmt, a) {
			return nil
		}
		elts = append(elts, af.Field+": "+f.Source(a))
	}
	lit := h.Type + "{}"
	if !isSlice(ht) {
		elts = append(elts, desc.HeaderField+": "+lit) // a map literal gets its headers
		h.Allocated = true
	}
	name := f.Type(T)
	if r.Pointer {
		name = "&" + strings.TrimPrefix(name, "*")
	}
	m := f.Fresh("msg")
	h.Msg = m
	lines := []string{m + " := " + name + "{" + strings.Join(elts, ", ") + "}"}
	lines = append(lines, knowledge.CodecOf(desc).Inject(f, h, ctxExpr)...)
	args, ok := rerouteArgs(f, call, r.Args, m)
	if !ok {
		return nil
	}
	f.InsertBefore(stmt, lines...)
	f.Replace(call, f.Source(sel.X)+"."+r.Method+"("+args+")")
	return f
}

// rerouteArgs spells the variant's arguments from a template (see
// knowledge.Reroute.Args).
func rerouteArgs(f *report.Fix, call *ast.CallExpr, tmpl, msg string) (string, bool) {
	var out []string
	for _, a := range strings.Split(tmpl, ", ") {
		switch {
		case a == "$msg":
			out = append(out, msg)
		case strings.HasSuffix(a, "..."):
			n, err := strconv.Atoi(strings.TrimSuffix(a[1:], "..."))
			if err != nil {
				return "", false
			}
			for i := n; i < len(call.Args); i++ {
				arg := f.Source(call.Args[i])
				if i == len(call.Args)-1 && call.Ellipsis.IsValid() {
					arg += "..."
				}
				out = append(out, arg)
			}
		default:
			n, err := strconv.Atoi(a[1:])
			if err != nil || n >= len(call.Args) {
				return "", false
			}
			out = append(out, f.Source(call.Args[n]))
		}
	}
	return strings.Join(out, ", "), true
}

// findPackage finds the package path among pkg and what it imports,
// directly or not.
func findPackage(pkg *types.Package, path string) *types.Package {
	seen := map[*types.Package]bool{}
	var find func(p *types.Package) *types.Package
	find = func(p *types.Package) *types.Package {
		if p.Path() == path {
			return p
		}
		if seen[p] {
			return nil
		}
		seen[p] = true
		for _, q := range p.Imports() {
			if r := find(q); r != nil {
				return r
			}
		}
		return nil
	}
	return find(pkg)
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

// inTest reports whether n is in a test file. In a package traced only by
// its module, tests carry no request's trace: their sends are judged under
// -producerinject.strict only.
func (c *checker) inTest(n ast.Node) bool {
	f := c.pass.Fset.File(n.Pos())
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// fromCaller reports whether the context at hand, obj, comes from the
// caller: it is r.Context() of a request parameter, or a context variable
// derived from a context or request parameter, or from a span start.
func (c *checker) fromCaller(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	if !ok {
		return false
	}
	deps := c.u.VarDeps(map[*types.Var]bool{v: true})
	for w := range deps.Vars {
		if otelapi.IsContext(w.Type()) || otelapi.IsHTTPRequestPtr(w.Type()) {
			for _, d := range c.u.Defs[w] {
				if d.Kind == flow.Param {
					return true
				}
			}
		}
	}
	for _, call := range deps.Calls {
		if otelapi.Classify(c.pass.TypesInfo, call) == otelapi.Start {
			return true
		}
	}
	return false
}

// carries reports whether context variable v may hold more than
// context.Background(), context.TODO() or a test's t.Context(), alone or
// with only a cancellation or deadline added (context.WithTimeout(
// context.Background(), d)).
func (c *checker) carries(v *types.Var) bool {
	return c.carriesFrom(v, 0, map[*types.Var]bool{})
}

// carriesFrom is carries for a variable met at depth, with the variables
// being followed in visiting: a definition from one of those
// (ctx, cancel := context.WithTimeout(ctx, d)) adds nothing to what their
// other definitions hold.
func (c *checker) carriesFrom(v *types.Var, depth int, visiting map[*types.Var]bool) bool {
	if visiting[v] {
		return false
	}
	defs := c.u.Defs[v]
	if len(defs) == 0 || depth > 4 {
		return true // declared outside this function, or too far to follow
	}
	visiting[v] = true
	defer delete(visiting, v)
	for _, d := range defs {
		if d.Kind != flow.Assign || !c.emptyDerived(d.RHS, depth, visiting) {
			return true
		}
	}
	return false
}

// emptyDerived reports whether e is an empty context, a context wrapper
// (context.WithCancel, WithTimeout, ...) of one, or a local variable
// holding only those.
func (c *checker) emptyDerived(e ast.Expr, depth int, visiting map[*types.Var]bool) bool {
	info := c.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if otelapi.Classify(info, x) == otelapi.EmptyContext {
			return true
		}
		return otelapi.IsContextWrapper(info, x) && c.emptyDerived(x.Args[0], depth+1, visiting)
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		return ok && otelapi.IsContext(v.Type()) && !c.carriesFrom(v, depth+1, visiting)
	}
	return false
}

func (c *checker) report(s sites.Send, desc *knowledge.Message, ctxExpr string, ctxObj types.Object) {
	info := c.pass.TypesInfo
	what := "a message"
	if _, lit := ast.Unparen(derefAddr(s.Msg)).(*ast.CompositeLit); !lit && !propagate.IsLiteral(info, s.Msg) {
		what = types.ExprString(derefAddr(s.Msg))
	}
	if s.Slice {
		what = "messages of " + types.ExprString(s.Msg)
	}
	ctxName := ctxExpr
	if ctxName == "" {
		ctxName = "a context"
	}
	sent := s.Label + " sends " + what
	switch {
	case s.Via:
		sent = types.ExprString(s.Node.(*ast.CallExpr).Fun) + " sends " + what + " (with " + s.Label + ")"
	case s.Chan:
		sent = what + " is sent on " + s.Label
	}
	untraced := ""
	if s.Hooked {
		untraced = s.Untraced
	}
	with := "otel.GetTextMapPropagator().Inject"
	if c.native != nil {
		with = c.native.Name
	}
	msg := fmt.Sprintf("%s without injected trace context%s: the consumer will start a new trace; inject %s into the headers with %s before sending",
		sent, untraced, ctxName, with)
	c.r.Report(s.Node, msg, c.fix(s, desc, ctxExpr, ctxObj, c.native))
}

// oneLine reports whether a composite literal is written on one line: a
// field added to a literal of several lines would need gofmt's alignment,
// so its headers get a map by an assignment instead.
func (c *checker) oneLine(lit *ast.CompositeLit) bool {
	return c.pass.Fset.Position(lit.Lbrace).Line == c.pass.Fset.Position(lit.Rbrace).Line
}

// nativeTracer returns the tracer with its own propagation API (DataDog's)
// that pkg uses instead of OpenTelemetry: pkg imports one of its packages
// and no OpenTelemetry package, and the tracer package is in the build.
// Otherwise it returns nil.
func nativeTracer(t *knowledge.Table, pkg *types.Package, im knowledge.Imports) *knowledge.NativeTracer {
	if im.OTel {
		return nil
	}
	nt := t.NativeTracerOf(pkg)
	if nt == nil || !knowledge.Reaches(pkg, nt.Pkg) {
		return nil
	}
	return nt
}

// fix builds the suggested fix: inject ctx into the message headers through
// the global propagator and a MapCarrier (or, with nt, through that
// tracer's Inject and its map carrier), just before the send.
func (c *checker) fix(s sites.Send, desc *knowledge.Message, ctxExpr string, ctxObj types.Object, nt *knowledge.NativeTracer) *report.Fix {
	stmt := report.InsertionPoint(c.u.Parents[s.Node], s.Node)
	if stmt == nil {
		return nil
	}
	if nt == nil && !c.otelAvailable() {
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
	if target.Pos() < stmt.Pos() || target.End() > stmt.End() {
		if flow.PlainVar(c.pass.TypesInfo, target) == nil {
			return nil // a batch's entries written in an earlier statement's literal
		}
	}
	if !report.AllVisible(c.pass.Pkg, c.pass.TypesInfo, target, stmt.Pos()) {
		return nil // the message refers to names declared in the statement itself
	}
	if flow.PlainVar(c.pass.TypesInfo, target) == nil {
		if !report.FirstCall(stmt, target) {
			return nil // hoisting the message would reorder calls
		}
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
	msgType := c.pass.TypesInfo.TypeOf(derefAddr(target))
	if s.Slice {
		sl, ok := msgType.Underlying().(*types.Slice)
		if !ok {
			return nil
		}
		msgType = sl.Elem()
	}
	ht, elem := knowledge.HeaderTypes(desc, msgType)
	if ht == nil || desc.HeaderAccessor != "" {
		return nil // headers behind a method: the fix cannot assign them
	}
	codec := knowledge.CodecOf(desc)
	h := knowledge.Headers{Desc: desc, Type: report.HeaderType(f, ht)}
	if elem != nil {
		h.Elem = f.Type(elem)
	}
	inject := func(m, indent string) []string {
		h.Msg = m
		var out []string
		if nt == nil {
			out = codec.Inject(f, h, ctxExpr)
		} else {
			tracer := f.Import(nt.Pkg, "tracer")
			carrier, span, ok := f.Fresh("carrier"), f.Fresh("span"), f.Fresh("ok")
			out = append([]string{
				carrier + " := " + tracer + "." + nt.Carrier + "{}",
				"if " + span + ", " + ok + " := " + tracer + "." + nt.SpanFromContext + "(" + ctxExpr + "); " + ok + " {",
				"\t_ = " + tracer + "." + nt.Inject + "(" + span + ".Context(), " + carrier + ")",
				"}",
			}, codec.Copy(f, h, carrier)...)
		}
		for i := range out {
			out[i] = indent + out[i]
		}
		return out
	}
	if !s.Slice && !isSlice(ht) && desc.HeaderField != "" {
		// A message literal without headers gets a header map in the
		// literal; one with a map literal (or make) for them has one.
		if lit := c.messageLit(target); lit != nil {
			switch hv := report.FieldValue(lit, desc.HeaderField); {
			case hv == nil && report.Keyed(lit) && c.oneLine(lit):
				at, text := report.NewField(lit, desc.HeaderField+": "+h.Type+"{}")
				if len(pre) > 0 {
					// The literal is hoisted into pre[0]: edit its text.
					src := f.Source(target)
					off := int(at - target.Pos())
					pre[0] = ref + " := " + src[:off] + text + src[off:]
				} else {
					f.InsertAt(at, text)
				}
				h.Allocated = true
			case hv != nil && report.Allocates(c.pass.TypesInfo, hv):
				h.Allocated = true
			}
		}
	}
	lines := pre
	if s.Slice {
		if elemIsPointer(c.pass.TypesInfo.TypeOf(s.Msg)) {
			m := f.Fresh("m")
			lines = append(lines, "for _, "+m+" := range "+ref+" {")
			lines = append(lines, inject(m, "\t")...)
		} else {
			// Messages held by value: write through the index, not into
			// a copy.
			i := f.Fresh("i")
			lines = append(lines, "for "+i+" := range "+ref+" {")
			lines = append(lines, inject(ref+"["+i+"]", "\t")...)
		}
		lines = append(lines, "}")
	} else {
		lines = append(lines, inject(ref, "")...)
	}
	f.InsertBefore(stmt, lines...)
	return f
}

// checkHookContext judges a send that injects the trace context of its
// context argument (franz-go with kotel's hooks, dd-trace-go's kafka-go
// KafkaWriter): it reports an empty context (context.Background(),
// context.TODO(), nil) given while a context carrying more is at hand,
// unless the message sets its own context field or is injected by hand. It
// reports whether it reported.
func (c *checker) checkHookContext(s sites.Send) bool {
	if s.Slice || !c.emptyContext(s.Ctx) {
		return false
	}
	m, ok := c.j.Message(s.Msg, c.orphans)
	if !ok || c.j.SetsField(m, m.Desc.ContextField) || c.j.Injected(m, s.Node) {
		return false
	}
	ctxExpr, ctxObj := c.contextAt(s.Node.Pos())
	if ctxExpr == "" || ctxObj == c.pass.TypesInfo.Uses[identOf(s.Ctx)] {
		return false
	}
	call := s.Node.(*ast.CallExpr)
	msg := fmt.Sprintf("%s is given %s, so %s an empty trace context: the consumer will start a new trace; pass %s (context.WithoutCancel(%s) keeps the send independent of its cancellation)",
		s.Label, types.ExprString(s.Ctx), s.Injector, ctxExpr, ctxExpr)
	c.r.Report(call, msg, c.hookFix(s, ctxExpr, ctxObj))
	return true
}

// hookFix passes context.WithoutCancel(ctx): the hooks see the trace
// context, and the send stays as independent of ctx's cancellation and
// deadline as it was with an empty context.
func (c *checker) hookFix(s sites.Send, ctxExpr string, ctxObj types.Object) *report.Fix {
	if !report.Visible(c.pass.Pkg, ctxObj, s.Ctx.Pos()) || !c.atLeastGo121(s.Ctx.Pos()) {
		return nil
	}
	if call, ok := ast.Unparen(s.Ctx).(*ast.CallExpr); ok && !otelapi.IsBackground(c.pass.TypesInfo, call) {
		return nil // t.Context(): its cancellation would be lost
	}
	if v, ok := c.pass.TypesInfo.Uses[identOf(s.Ctx)].(*types.Var); ok && c.uses(v) < 2 {
		return nil // replacing its only use would leave the variable unused
	}
	f := c.r.NewFix("Pass the context at hand (without its cancellation) to the send", s.Ctx.Pos(), c.names)
	f.Replace(s.Ctx, f.Import("context", "context")+".WithoutCancel("+ctxExpr+")")
	return f
}

// otelAvailable reports whether a fix may import OpenTelemetry's otel and
// propagation packages (report.OTelImportable).
func (c *checker) otelAvailable() bool { return report.OTelImportable(c.pass.Pkg, c.module) }

// atLeastGo121 reports whether the file holding pos may use
// context.WithoutCancel (Go 1.21).
func (c *checker) atLeastGo121(pos token.Pos) bool {
	v := c.pass.Pkg.GoVersion()
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			if fv := c.pass.TypesInfo.FileVersions[f]; fv != "" {
				v = fv
			}
		}
	}
	return v == "" || version.Compare(v, "go1.21") >= 0
}

// emptyContext reports whether e is nil, context.Background() or
// context.TODO(), or a local variable holding only those.
func (c *checker) emptyContext(e ast.Expr) bool {
	e = ast.Unparen(e)
	if tv, ok := c.pass.TypesInfo.Types[e]; ok && tv.IsNil() {
		return true
	}
	if call, ok := e.(*ast.CallExpr); ok {
		return otelapi.Classify(c.pass.TypesInfo, call) == otelapi.EmptyContext
	}
	if v, ok := c.pass.TypesInfo.Uses[identOf(e)].(*types.Var); ok && len(c.u.Defs[v]) > 0 {
		return !c.carries(v)
	}
	return false
}

// uses counts the uses of v in the unit.
func (c *checker) uses(v *types.Var) int {
	n := 0
	for cur := range c.u.Cursor.Preorder((*ast.Ident)(nil)) {
		if c.pass.TypesInfo.Uses[cur.Node().(*ast.Ident)] == v {
			n++
		}
	}
	return n
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// derefAddr strips a leading & (SendMessage(&msg) injects into msg).
func derefAddr(e ast.Expr) ast.Expr {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		return u.X
	}
	return e
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

// messageLit returns the composite literal that defines the message e: e
// itself, or the literal a local variable is assigned once (and never
// reassigned). Otherwise nil.
func (c *checker) messageLit(e ast.Expr) *ast.CompositeLit {
	if lit := report.CompositeLit(e); lit != nil {
		return lit
	}
	v := flow.PlainVar(c.pass.TypesInfo, derefAddr(e))
	if v == nil {
		return nil
	}
	defs := c.u.Defs[v]
	if len(defs) != 1 || defs[0].Kind != flow.Assign {
		return nil
	}
	for _, w := range c.u.Writes[v] {
		if w.LHS == nil {
			return nil
		}
		if fs, _ := flow.Path(c.pass.TypesInfo, w.LHS); len(fs) == 1 {
			return nil // a field assigned later: perhaps the headers
		}
	}
	return report.CompositeLit(defs[0].RHS)
}

func isSlice(t types.Type) bool {
	_, ok := t.Underlying().(*types.Slice)
	return ok
}

// elemIsPointer reports whether t is a slice of pointers.
func elemIsPointer(t types.Type) bool {
	if t == nil {
		return false
	}
	sl, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	_, ok = types.Unalias(sl.Elem()).(*types.Pointer)
	return ok
}

// Package summary defines tracewire's internal fact analyzer. For every
// function of a package it computes what the function does with trace
// context (facts.Func) — injects into a message parameter, sends one without
// injecting, returns a message it built (injected or not), returns a context
// extracted from a message parameter, starts spans from a context parameter
// — and exports the non-empty ones as facts, so that calls of the function
// in other packages are judged by the same rules as inline code. The
// reporting analyzers require it and read facts through its Result.
package summary

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"reflect"
	"sort"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/tracewire/tracewire/analyzer/internal/buses"
	"github.com/tracewire/tracewire/analyzer/internal/facts"
	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/gomod"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/otelapi"
	"github.com/tracewire/tracewire/analyzer/internal/propagate"
	"github.com/tracewire/tracewire/analyzer/internal/report"
	"github.com/tracewire/tracewire/analyzer/internal/sites"
)

// maxRounds bounds the fixed-point iteration over a package's functions
// (helpers calling helpers in the same package).
const maxRounds = 8

// Analyzer computes and exports tracewire's facts about functions, with
// the built-in table (buses.Default).
var Analyzer = New(buses.Default)

// New returns a fact analyzer whose table comes from src: the built-in
// table, extended with the in-house buses of a configuration. All the
// analyzers of one run share one fact analyzer (the fact types are its
// own: analysis.Validate rejects two analyzers declaring them), so
// analyzer.Build makes one per build and hands it to every check.
//
// The configuration is loaded on the first run. A package that is, or
// imports directly, a package the configuration names has the
// configuration's entries of that package checked against its types: a
// configuration error (or an entry that does not fit) is the run's error,
// naming the entry.
func New(src *buses.Source) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "tracewirefacts",
		Doc:              "compute tracewire's facts about functions that inject, send, extract or start spans (internal; reports nothing)",
		URL:              "https://github.com/tracewire/tracewire/blob/main/docs/design.md",
		Run:              func(pass *analysis.Pass) (any, error) { return run(pass, src) },
		RunDespiteErrors: true,
		FactTypes:        []analysis.Fact{new(facts.Func), new(facts.Package), new(facts.Propagator), new(facts.Carrier)},
		ResultType:       reflect.TypeOf((*Result)(nil)),
	}
}

// Result gives the reporting analyzers the facts of this package and its
// dependencies, and the data-flow units of the package's files.
type Result struct {
	// Imports tells which relevant packages the package imports directly.
	Imports knowledge.Imports
	// FactImports reports that the package imports a package carrying
	// tracewire facts.
	FactImports bool
	// FactTrace reports that an imported package carrying facts uses
	// OpenTelemetry or instrumentation (directly or through its imports).
	FactTrace bool
	// Module is the go.mod of the package's module, or nil; ModuleTraced
	// reports that it requires a tracing library directly. Both are set
	// only for a Relevant package.
	Module       *gomod.Module
	ModuleTraced bool
	table        *knowledge.Table
	facts        map[*types.Func]*facts.Func
	units        map[*ast.File][]*flow.Unit
	closures     map[*flow.Unit]map[*types.Var]*facts.Func
	pkg          *types.Package
	marked       map[*types.Package]bool
	// fields classifies the hooked clients held by struct fields of the
	// package; callbacks are the functions given to sends as delivery
	// callbacks.
	fields    map[*types.Var]facts.Hooks
	callbacks map[ast.Node]bool
	// receiveCallbacks are the functions given to receives as callbacks
	// the client calls with consumed messages, with what the table says
	// of the receive.
	receiveCallbacks map[ast.Node]knowledge.ReceiveCallback
	// receiveSites are, for a callback of a hooked client's receive, the
	// receive calls it is given to: whether the client extracted into the
	// callback's context is judged from their receivers.
	receiveSites map[ast.Node][]receiveSite
	// Propagator records the uses and sets of OpenTelemetry's global
	// propagator in the package and everything it links (facts.Propagator).
	Propagator facts.Propagator
	// carriers are the carrier types with an append-only Set, of the
	// package and its dependencies (facts.Carrier).
	carriers map[*types.TypeName]*facts.Carrier
	// configErr is the error of the bus configuration for the package;
	// configClaimed tells that a check reported it.
	configErr     error
	configClaimed atomic.Bool
}

// Judge returns a propagation judge for unit u of the package, seeing the
// facts, closure summaries, client fields and callbacks computed here.
func (r *Result) Judge(info *types.Info, table *knowledge.Table, u *flow.Unit) *propagate.Judge {
	return r.judge(info, table, u, r.Closures(u))
}

func (r *Result) judge(info *types.Info, table *knowledge.Table, u *flow.Unit, closures map[*types.Var]*facts.Func) *propagate.Judge {
	return &propagate.Judge{
		Info: info, Table: table, U: u, Facts: r.Lookup, Closures: closures, Analyzed: r.Analyzed,
		Fields:   func(v *types.Var) facts.Hooks { return r.fields[v] },
		Callback: func(n ast.Node) bool { return r.callbacks[n] },
		ReceiveCallback: func(n ast.Node) (knowledge.ReceiveCallback, bool) {
			rc, ok := r.receiveCallbacks[n]
			if ok && rc.Hooked && !rc.Extracted {
				h := r.receiveHooks(info, table, n)
				rc.Extracted, rc.Traced = h != facts.HooksPlain, h == facts.HooksTraced
			}
			return rc, ok
		},
	}
}

// A receiveSite is a receive call a callback is given to, in its unit.
type receiveSite struct {
	u    *flow.Unit
	call *ast.CallExpr
}

// receiveHooks classifies the clients of the receives a callback of a
// hooked client's receive is given to: built with their tracing (which
// extracts into the callback's context), without it, or out of sight.
func (r *Result) receiveHooks(info *types.Info, table *knowledge.Table, n ast.Node) facts.Hooks {
	h := facts.HooksUnknown
	for i, site := range r.receiveSites[n] {
		sel, ok := ast.Unparen(site.call.Fun).(*ast.SelectorExpr)
		if !ok {
			return facts.HooksUnknown
		}
		g := r.judge(info, table, site.u, r.Closures(site.u)).ClientHooks(sel.X)
		if i == 0 {
			h = g
		} else {
			h = h.Join(g)
		}
	}
	return h
}

// Analyzed reports whether the functions of pkg were summarized: pkg is
// the package under analysis, or a dependency carrying facts. A function
// of any other package is unknown to the checks, not known to do nothing.
func (r *Result) Analyzed(pkg *types.Package) bool {
	return r != nil && (pkg == r.pkg || r.marked[pkg])
}

// Closures returns the summaries of the function literals that unit u
// assigns to local variables.
func (r *Result) Closures(u *flow.Unit) map[*types.Var]*facts.Func {
	if r == nil {
		return nil
	}
	return r.closures[u]
}

// Relevant reports whether the package has anything for the checks: it
// imports a client, OpenTelemetry, an instrumentation package, or a package
// carrying facts.
func (r *Result) Relevant() bool {
	return r.Imports.Client || r.Imports.OTel || r.Imports.Instrumentation || r.FactImports
}

// HasTrace reports whether the package has trace context to propagate: it
// imports OpenTelemetry or an instrumentation package, or a package with
// facts that does (directly or indirectly).
func (r *Result) HasTrace() bool {
	return r.Imports.OTel || r.Imports.Instrumentation || r.FactTrace
}

// Traced reports whether the package has trace context to propagate by
// its imports (HasTrace) or because its module requires a tracing library
// directly.
func (r *Result) Traced() bool { return r.HasTrace() || r.ModuleTraced }

// Lookup returns the facts about fn (of this package or a dependency), or
// nil. It is a propagate.Lookup.
func (r *Result) Lookup(fn *types.Func) *facts.Func {
	if r == nil || fn == nil {
		return nil
	}
	return r.facts[fn.Origin()]
}

// Units returns the data-flow units of file.
func (r *Result) Units(file *ast.File) []*flow.Unit { return r.units[file] }

// Table returns the knowledge table the package was analyzed with: the
// checks judge it with the same one.
func (r *Result) Table() *knowledge.Table { return r.table }

// ConfigErr returns the error of the in-house bus configuration for the
// package (it could not be loaded, or an entry naming the package or one
// of its imports does not fit the types), or nil. The package was not
// analyzed: its Result holds nothing else.
func (r *Result) ConfigErr() error { return r.configErr }

// ClaimConfigErr returns ConfigErr to the first caller, nil to the others:
// the checks of one package report the error once between them.
func (r *Result) ClaimConfigErr() error {
	if r.configErr != nil && r.configClaimed.CompareAndSwap(false, true) {
		return r.configErr
	}
	return nil
}

func run(pass *analysis.Pass, src *buses.Source) (any, error) {
	// The analyzer's entry point picks the table; everything below is
	// handed it. Ill-typed code is not held against the configuration.
	//
	// A configuration error is not this analyzer's error but its
	// result's, which the checks return as theirs: drivers print the
	// errors of the analyzers they were asked to run (go vet prints only
	// those), and a failed fact analyzer would fail every package that
	// depends on this one with "failed prerequisites" instead.
	table, err := src.For(pass.Pkg, len(pass.TypeErrors) == 0)
	if err != nil {
		return &Result{configErr: err}, nil
	}
	res := &Result{
		table:            table,
		Imports:          table.Scan(pass.Pkg),
		facts:            map[*types.Func]*facts.Func{},
		units:            map[*ast.File][]*flow.Unit{},
		closures:         map[*flow.Unit]map[*types.Var]*facts.Func{},
		fields:           map[*types.Var]facts.Hooks{},
		callbacks:        map[ast.Node]bool{},
		receiveCallbacks: map[ast.Node]knowledge.ReceiveCallback{},
		receiveSites:     map[ast.Node][]receiveSite{},
	}
	res.pkg, res.marked = pass.Pkg, map[*types.Package]bool{}
	for _, pf := range pass.AllPackageFacts() {
		res.marked[pf.Package] = true
	}
	for _, imp := range pass.Pkg.Imports() {
		var pf facts.Package
		if pass.ImportPackageFact(imp, &pf) {
			res.FactImports = true
			res.FactTrace = res.FactTrace || pf.Trace
		}
	}
	res.Propagator = propagatorFact(pass, table)
	res.carriers = carrierFacts(pass, res)
	if !res.Relevant() {
		return res, nil // nothing to do: the common case costs next to nothing
	}
	res.Module = gomod.ForFiles(pass.Fset, pass.Files)
	res.ModuleTraced = res.Module.RequiresDirect(table.TracingModule)
	err = report.Guard(pass, func() error {
		summarize(pass, res)
		return nil
	})
	return res, err
}

// holdsMessages reports whether an expression of the package has a message
// or container type of the table (or a pointer to, or slice of, one): only
// then is there a message to follow.
func holdsMessages(info *types.Info, t *knowledge.Table) bool {
	seen := map[types.Type]bool{}
	for _, tv := range info.Types {
		typ := elem(elem(tv.Type))
		if seen[typ] {
			continue
		}
		seen[typ] = true
		if t.Message(typ) != nil || t.Container(typ) {
			return true
		}
	}
	return false
}

// elem returns the element type of a pointer or slice type, or t.
func elem(t types.Type) types.Type {
	switch u := t.(type) {
	case *types.Pointer:
		return u.Elem()
	case *types.Slice:
		return u.Elem()
	}
	return t
}

// A decl is a function to summarize: a declared function or method, or a
// function literal assigned to a local variable.
type decl struct {
	fn   *types.Func // nil for a literal
	typ  *ast.FuncType
	sig  *types.Signature
	end  token.Pos
	unit *flow.Unit
	// closures are the summaries of literals in the enclosing function.
	closures map[*types.Var]*facts.Func
}

func summarize(pass *analysis.Pass, res *Result) {
	for _, of := range pass.AllObjectFacts() {
		if f, ok := of.Fact.(*facts.Func); ok {
			if fn, ok := of.Object.(*types.Func); ok {
				res.facts[fn] = f
			}
		}
	}
	// The SSA form makes the model flow-sensitive. It is built here,
	// once, for a package that passed the early exit and holds messages;
	// ill-typed code keeps the flow-insensitive model, and so does a
	// package that is relevant only through span-starting helpers (most
	// importers of a traced library), whose facts need no order.
	var prog *flow.Program
	if len(pass.TypeErrors) == 0 && holdsMessages(pass.TypesInfo, res.table) {
		prog, _ = flow.BuildSSA(pass.Fset, pass.Pkg, pass.Files, pass.TypesInfo)
	}
	// The syntax is walked through an inspector (go/ast/inspector, as
	// passes/inspect builds it) made here, for a relevant package only.
	// Requiring passes/inspect would build and keep one for every
	// package of the run, dependencies included: on jaeger's Kafka
	// packages that cost 18% more memory and 8% more time.
	in := inspector.New(pass.Files)
	var decls []decl
	for _, file := range pass.Files {
		units := flow.Units(in, pass.TypesInfo, file)
		res.units[file] = units
		for _, u := range units {
			u.Prog = prog
			fd, ok := u.Root.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && !named(res.table, fn) {
				decls = append(decls, decl{fn: fn, typ: fd.Type, sig: fn.Type().(*types.Signature), end: fd.End(), unit: u})
			}
		}
	}
	findCallbacks(pass, res)
	for round := 0; round < maxRounds; round++ {
		changed := false
		// Only a package importing a hooked client can declare fields
		// holding one.
		if res.table.ImportsHooked(pass.Pkg) {
			if fields := clientFields(pass, res); !maps.Equal(fields, res.fields) {
				res.fields, changed = fields, true
			}
		}
		for _, u := range unitsOf(res) {
			if summarizeClosures(pass, res, u) {
				changed = true
			}
		}
		for _, d := range decls {
			d.closures = res.closures[d.unit]
			f := summarizeFunc(pass, res, d)
			old := res.facts[d.fn]
			if f.Empty() {
				if old != nil {
					delete(res.facts, d.fn)
					changed = true
				}
				continue
			}
			if !f.Equal(old) {
				res.facts[d.fn] = f
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	sort.Slice(decls, func(i, j int) bool { return decls[i].fn.Pos() < decls[j].fn.Pos() })
	exported := false
	for _, d := range decls {
		if f := res.facts[d.fn]; f != nil {
			pass.ExportObjectFact(d.fn, f)
			exported = true
		}
	}
	if exported {
		// A client library's own OpenTelemetry use (Pub/Sub's tracing,
		// the Go CDK's spans) is its instrumentation: it gives the
		// packages importing the client no trace context to propagate.
		// An in-house bus's package is the program's own: its tracing is.
		pass.ExportPackageFact(&facts.Package{Trace: res.HasTrace() && !res.table.IsLibrary(pass.Pkg.Path())})
	}
}

// named reports whether the table names fn as a send, a send channel, a
// receive or a receive channel: what it does with messages is declared,
// so its body is not summarized into facts. (An in-house bus's own
// package is analyzed like any other: its Publish, handing the message's
// headers and its context to the transport underneath, would otherwise
// be taken to inject, and its callers' helpers with it.)
func named(t *knowledge.Table, fn *types.Func) bool {
	if _, ok := t.Send(fn); ok {
		return true
	}
	if _, ok := t.SendChan(fn); ok {
		return true
	}
	if _, ok := t.ReceiveChan(fn); ok {
		return true
	}
	return t.Receive(fn)
}

// hasContextParam reports whether one of params is a context or an
// *http.Request: the function has its caller's context at hand.
func hasContextParam(params map[*types.Var]int) bool {
	for v := range params {
		if otelapi.IsContext(v.Type()) || otelapi.IsHTTPRequestPtr(v.Type()) {
			return true
		}
	}
	return false
}

func unitsOf(res *Result) []*flow.Unit {
	var out []*flow.Unit
	for _, us := range res.units {
		out = append(out, us...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Root.Pos() < out[j].Root.Pos() })
	return out
}

// summarizeClosures (re)computes the summaries of the function literals u
// assigns to local variables (v := func(...) {...}, with no other
// assignment to v). It reports whether any changed.
func summarizeClosures(pass *analysis.Pass, res *Result, u *flow.Unit) bool {
	info := pass.TypesInfo
	cur := res.closures[u]
	next := map[*types.Var]*facts.Func{}
	for v, defs := range u.Defs {
		if len(defs) != 1 || defs[0].Kind != flow.Assign || len(u.Writes[v]) > 0 {
			continue
		}
		lit, ok := ast.Unparen(defs[0].RHS).(*ast.FuncLit)
		if !ok {
			continue
		}
		sig, ok := info.TypeOf(lit).(*types.Signature)
		if !ok {
			continue
		}
		lc, ok := u.Cursor.FindNode(lit)
		if !ok {
			continue
		}
		lu := flow.NewUnit(info, lc)
		lu.Prog = u.Prog
		d := decl{typ: lit.Type, sig: sig, end: lit.End(), unit: lu, closures: cur}
		next[v] = summarizeFunc(pass, res, d)
	}
	if len(next) == 0 {
		return false
	}
	changed := len(next) != len(cur)
	for v, f := range next {
		if !f.Equal(cur[v]) {
			changed = true
		}
	}
	res.closures[u] = next
	return changed
}

func summarizeFunc(pass *analysis.Pass, res *Result, d decl) *facts.Func {
	fs := newFuncSummary(pass, res, d)
	f := &facts.Func{
		Injects:  fs.injects(),
		Bare:     fs.bare(),
		Returns:  fs.returns(),
		Extracts: fs.extracts(),
	}
	f.Sends, f.SendLabel = fs.sends()
	if p := pass.Pkg.Path(); !res.table.IsClient(p) {
		// A client's own API may start spans of its own from the context
		// it is given (the Go CDK's "Subscription.Shutdown",
		// "Topic.Send"): that is the client's instrumentation, not a span
		// of the program's message handling, and the program cannot
		// start it from anything else. A send's trace is producerinject's.
		f.Spans = fs.spans()
	}
	if p := pass.Pkg.Path(); !res.table.IsClient(p) && !res.table.IsInstrumentation(p) {
		// The client's and the hook library's own builders are known by
		// name (knowledge.Hooks), not by facts.
		f.Hooks = fs.hooks()
	}
	f.Normalize()
	return f
}

// A funcSummary computes the facts of one function, one method per fact,
// each asking the shared judge (propagate.Judge) its questions.
type funcSummary struct {
	info *types.Info
	res  *Result
	d    decl
	u    *flow.Unit
	j    *propagate.Judge
	// params maps the named parameters (not the receiver) to their index.
	params map[*types.Var]int
	// isParam is params as a set, for the judge.
	isParam map[*types.Var]bool
}

func newFuncSummary(pass *analysis.Pass, res *Result, d decl) *funcSummary {
	info := pass.TypesInfo
	fs := &funcSummary{
		info: info, res: res, d: d, u: d.unit,
		j:       res.judge(info, res.table, d.unit, d.closures),
		params:  map[*types.Var]int{},
		isParam: map[*types.Var]bool{},
	}
	n := 0
	for _, field := range d.typ.Params.List {
		if len(field.Names) == 0 {
			n++
			continue
		}
		for _, name := range field.Names {
			v, _ := info.Defs[name].(*types.Var)
			if v != nil && name.Name != "_" {
				fs.params[v] = n
				fs.isParam[v] = true
			}
			n++
		}
	}
	return fs
}

// paramOf returns the index of a parameter among aliases.
func (fs *funcSummary) paramOf(aliases map[*types.Var]bool) (int, bool) {
	for a := range aliases {
		if i, ok := fs.params[a]; ok {
			return i, true
		}
	}
	return 0, false
}

// injects: message parameters injected into by the end of the body, and
// carrier parameters (a *T or map with a Set method) the function injects
// into.
func (fs *funcSummary) injects() []int {
	var out []int
	for v, i := range fs.params {
		aliases := fs.u.Aliases(v)
		if desc := sliceElemMessage(fs.res.table, v.Type()); desc != nil && desc.Produced {
			if fs.j.ElementsInjected(aliases, desc, nil) || fs.j.Injected(propagate.Message{Aliases: aliases, Desc: desc}, nil) {
				out = append(out, i)
			}
			continue
		}
		desc := fs.res.table.Message(v.Type())
		if desc == nil || !desc.Produced || !isPointer(v.Type()) {
			if fs.j.InjectsInto(v) {
				out = append(out, i)
			}
			continue
		}
		if fs.j.Injected(propagate.Message{Aliases: aliases, Desc: desc}, nil) {
			out = append(out, i)
		}
	}
	return out
}

// sends: message parameters sent with trace context missing, judged as
// producerinject judges a send (propagate.Judge.Send).
func (fs *funcSummary) sends() (out []int, label string) {
	for _, s := range sites.Sends(fs.u, fs.res.table, fs.j.CallFact) {
		if flow.PlainVar(fs.info, s.Msg) == nil {
			continue
		}
		v := fs.j.Send(s, fs.isParam)
		if v.State != propagate.SendJudged || !v.Missing {
			continue
		}
		i, ok := fs.paramOf(v.Aliases)
		if !ok {
			continue
		}
		out = append(out, i)
		if label == "" {
			label = s.Label
		}
	}
	return out, label
}

// bare: a send that cannot carry headers, reached with no context of the
// function's own, sending a payload its caller gives it (a client's own
// protocol messages, built inside, are not the caller's to trace).
func (fs *funcSummary) bare() string {
	if hasContextParam(fs.params) {
		return ""
	}
	for _, b := range sites.Bare(fs.u, fs.res.table, fs.j.CallFact) {
		if fs.j.PassesPayload(b.Call) && !fs.j.InPayload(propagate.PayloadArgs(fs.info, b.Call.Args)) {
			return b.Label
		}
	}
	return ""
}

// results calls each for every return statement that returns one value
// per result, with the result's type.
func (fs *funcSummary) results(each func(ret *ast.ReturnStmt, r ast.Expr, rt types.Type)) {
	sig := fs.d.sig
	for _, ret := range fs.u.Returns {
		if len(ret.Results) != sig.Results().Len() {
			continue
		}
		for k, r := range ret.Results {
			each(ret, r, sig.Results().At(k).Type())
		}
	}
}

// returns: whether the function returns a message it built, and whether
// it injected into it.
func (fs *funcSummary) returns() facts.Returns {
	unknown, injected, fresh := false, false, false
	for _, ret := range fs.u.Returns {
		if len(ret.Results) == 0 && fs.d.sig.Results().Len() > 0 {
			unknown = true // naked return: not followed
		}
	}
	fs.results(func(ret *ast.ReturnStmt, r ast.Expr, rt types.Type) {
		desc := fs.res.table.Message(rt)
		if desc == nil || !desc.Produced || isNil(fs.info, r) {
			return
		}
		m, ok := fs.j.Message(r, nil)
		switch {
		case !ok:
			unknown = true
		case fs.j.Injected(m, ret):
			injected = true
		default:
			fresh = true
		}
	})
	switch {
	case unknown:
		return facts.ReturnsNone
	case injected:
		return facts.ReturnsInjected
	case fresh:
		return facts.ReturnsFresh
	}
	return facts.ReturnsNone
}

// hooks: the classification of the hooked client (franz-go *kgo.Client),
// or client options, the function returns.
func (fs *funcSummary) hooks() facts.Hooks {
	hooks, seen := facts.HooksUnknown, false
	join := func(h facts.Hooks) {
		if !seen {
			hooks, seen = h, true
		} else {
			hooks = hooks.Join(h)
		}
	}
	sig := fs.d.sig
	t := fs.res.table
	for _, ret := range fs.u.Returns {
		if len(ret.Results) == 1 && sig.Results().Len() > 1 {
			// return f(): a client returned by f.
			for k := 0; k < sig.Results().Len(); k++ {
				if t.HookedClient(sig.Results().At(k).Type()) {
					join(fs.j.ClientHooks(ret.Results[0]))
				}
			}
		}
	}
	fs.results(func(_ *ast.ReturnStmt, r ast.Expr, rt types.Type) {
		if (t.HookedClient(rt) || t.MayCarryOptions(rt)) && !isNil(fs.info, r) {
			join(fs.j.ReturnedHooks(r, rt))
		}
	})
	return hooks
}

// extracts: message parameters from whose headers the context the
// function returns may be extracted.
func (fs *funcSummary) extracts() []int {
	var out []int
	fs.results(func(_ *ast.ReturnStmt, r ast.Expr, rt types.Type) {
		if !otelapi.IsContext(rt) {
			return
		}
		deps := fs.u.Deps(r)
		for v, i := range fs.params {
			if desc := fs.res.table.Message(v.Type()); desc != nil && desc.Consumed && fs.j.ExtractedFrom(deps, fs.u.Aliases(v)) {
				out = append(out, i)
			}
		}
	})
	return out
}

// spans: context parameters that reach a Start (directly or through
// span-starting helpers) without extraction from a message.
func (fs *funcSummary) spans() []int {
	var out []int
	received := fs.j.Received()
	spanFrom := func(arg ast.Expr) {
		deps := fs.u.Deps(arg)
		for _, m := range received {
			if fs.j.ExtractedFrom(deps, m.Aliases) {
				return
			}
		}
		for v, i := range fs.params {
			if deps.Vars[v] && otelapi.IsContext(v.Type()) {
				out = append(out, i)
			}
		}
	}
	for _, call := range fs.u.Calls {
		if otelapi.Classify(fs.info, call) == otelapi.Start && len(call.Args) > 0 {
			spanFrom(call.Args[0])
			continue
		}
		if g := fs.j.CallFact(call); g != nil {
			for _, i := range g.Spans {
				if i < len(call.Args) {
					spanFrom(call.Args[i])
				}
			}
		}
	}
	return out
}

// findCallbacks records the functions given to sends as delivery callbacks
// (franz-go's promise), and those given to receives as callbacks the
// client calls with consumed messages (NATS's Subscribe, an in-house
// bus's): a function literal, a local variable holding one, or a function
// or method of the package.
func findCallbacks(pass *analysis.Pass, res *Result) {
	info := pass.TypesInfo
	decls := map[*types.Func]ast.Node{}
	for _, u := range unitsOf(res) {
		if fd, ok := u.Root.(*ast.FuncDecl); ok {
			if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
				decls[fn] = fd
			}
		}
	}
	for _, u := range unitsOf(res) {
		for _, call := range u.Calls {
			fn, _ := typeutil.Callee(info, call).(*types.Func)
			if s, ok := res.table.Send(fn); ok && s.Callback > 0 && s.Callback < len(call.Args) {
				for _, n := range funcsGiven(info, u, decls, call.Args[s.Callback]) {
					res.callbacks[n] = true
				}
			}
			if r, ok := res.table.ReceiveCallback(fn); ok && r.Arg < len(call.Args) {
				for _, n := range funcsGiven(info, u, decls, call.Args[r.Arg]) {
					res.receiveCallbacks[n] = r
					if r.Hooked {
						res.receiveSites[n] = append(res.receiveSites[n], receiveSite{u, call})
					}
				}
			}
		}
	}
}

// funcsGiven returns the functions of the package an argument may be: a
// function literal, a local variable holding one, or a function or method
// declared in the package.
func funcsGiven(info *types.Info, u *flow.Unit, decls map[*types.Func]ast.Node, arg ast.Expr) []ast.Node {
	var out []ast.Node
	switch x := ast.Unparen(arg).(type) {
	case *ast.FuncLit:
		out = append(out, x)
	case *ast.Ident:
		switch obj := info.Uses[x].(type) {
		case *types.Var:
			for _, d := range u.Defs[obj] {
				if lit, ok := ast.Unparen(d.RHS).(*ast.FuncLit); ok && d.Kind == flow.Assign {
					out = append(out, lit)
				}
			}
		case *types.Func:
			if n := decls[obj.Origin()]; n != nil {
				out = append(out, n)
			}
		}
	case *ast.SelectorExpr:
		if fn, ok := info.Uses[x.Sel].(*types.Func); ok {
			if n := decls[fn.Origin()]; n != nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// clientFields classifies the hooked clients (franz-go *kgo.Client) held
// by the struct fields of the package: a field every assignment in the
// package (x.f = e, T{f: e}) classifies alike gets that classification.
// Exported fields may be set by other packages and stay unknown.
func clientFields(pass *analysis.Pass, res *Result) map[*types.Var]facts.Hooks {
	info := pass.TypesInfo
	t := res.table
	out := map[*types.Var]facts.Hooks{}
	seen := map[*types.Var]bool{}
	add := func(v *types.Var, h facts.Hooks) {
		if v == nil || !v.IsField() || !t.HookedClient(v.Type()) {
			return
		}
		if v.Exported() || v.Embedded() {
			h = facts.HooksUnknown
		}
		if seen[v] {
			h = out[v].Join(h)
		}
		out[v], seen[v] = h, true
	}
	for _, u := range unitsOf(res) {
		j := res.judge(info, t, u, res.closures[u])
		for c := range u.Cursor.Preorder((*ast.AssignStmt)(nil), (*ast.CompositeLit)(nil)) {
			switch n := c.Node().(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
					if !ok {
						continue
					}
					s, ok := info.Selections[sel]
					if !ok || s.Kind() != types.FieldVal {
						continue
					}
					v, _ := s.Obj().(*types.Var)
					switch {
					case len(n.Lhs) == len(n.Rhs):
						add(v, j.ClientHooks(n.Rhs[i]))
					case len(n.Rhs) == 1:
						add(v, j.ClientHooks(n.Rhs[0]))
					default:
						add(v, facts.HooksUnknown)
					}
				}
			case *ast.CompositeLit:
				st, ok := typeOf(info, n).Underlying().(*types.Struct)
				if !ok {
					continue
				}
				for i, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							v, _ := info.Uses[id].(*types.Var)
							add(v, j.ClientHooks(kv.Value))
						}
						continue
					}
					if i < st.NumFields() {
						add(st.Field(i), j.ClientHooks(el))
					}
				}
			}
		}
	}
	return out
}

// typeOf returns the type of a composite literal, dereferencing pointers
// (elided &T in []*T{{...}}).
func typeOf(info *types.Info, e ast.Expr) types.Type {
	t := info.TypeOf(e)
	if t == nil {
		return types.Typ[types.Invalid]
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

func isNil(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.IsNil()
}

func sliceElemMessage(table *knowledge.Table, t types.Type) *knowledge.Message {
	if t == nil {
		return nil
	}
	sl, ok := t.Underlying().(*types.Slice)
	if !ok {
		return nil
	}
	return table.Message(sl.Elem())
}

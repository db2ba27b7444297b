package carriercheck

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/tracewire/tracewire/analyzer/internal/check"
	"github.com/tracewire/tracewire/analyzer/internal/facts"
	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/option"
	"github.com/tracewire/tracewire/analyzer/internal/otelapi"
	"github.com/tracewire/tracewire/analyzer/internal/propagate"
	"github.com/tracewire/tracewire/analyzer/internal/report"
	"github.com/tracewire/tracewire/analyzer/internal/summary"
	"github.com/tracewire/tracewire/analyzer/internal/wiring"
)

//go:embed doc.go
var docSource string

// Name is the analyzer's name.
const Name = "carriercheck"

// Config configures the analyzer. It has no options yet.
type Config struct{}

// Options declares the analyzer's options: it has none yet. An option
// added here gets its flag, its golangci-lint setting and its editor
// setting from this declaration (see producerinject's).
func (*Config) Options() []option.Option { return nil }

// Analyzer is carriercheck with the default configuration.
var Analyzer = New(Config{})

// New returns a fresh analyzer for cfg. Analyzers built by New share no
// state; analyzer.Build passes the fact analyzer of its build in opts.
func New(cfg Config, opts ...check.Option) *analysis.Analyzer {
	return check.New(Name, docSource, cfg.Options(), run, opts...)
}

// A carrier is a carrier type of the package (wiring.Carrier), or one of
// a dependency whose Set its facts say is append-only (remote: no syntax,
// no fix).
type carrier struct {
	*wiring.Carrier
	named  *types.Named
	remote *facts.Carrier
}

func run(run *check.Run) error {
	pass, res, table, r := run.Pass, run.Res, run.Table, run.R
	var carriers []*carrier
	for _, c := range wiring.Find(pass.TypesInfo, pass.Files) {
		carriers = append(carriers, &carrier{Carrier: c, named: c.Named})
	}
	for _, c := range carriers {
		checkKeys(pass, r, c)
	}
	if !res.Relevant() {
		return nil // no Inject here, nor messages
	}
	for u := range run.Units() {
		checkNilMaps(r, pass.TypesInfo, run.Judge(u), u, report.NewNames(u.Root))
	}
	byType := map[*types.Named]*carrier{}
	for _, c := range carriers {
		if c.Append != nil {
			byType[c.named] = c
		}
	}
	if len(byType) == 0 && !res.CarrierImports() {
		return nil // no carrier with an append-only Set, here or imported
	}
	for u := range run.Units() {
		ch := &checker{pass: pass, r: r, u: u, table: table, carriers: byType, res: res}
		ch.j = run.Judge(u)
		ch.check()
	}
	return nil
}

// checkKeys reports a Keys method that returns only nil or empty literals.
func checkKeys(pass *analysis.Pass, r *report.Reporter, c *carrier) {
	info := pass.TypesInfo
	empty, what := true, ""
	ast.Inspect(c.Keys.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 || !emptySlice(info, n.Results[0]) {
				empty = false
			} else if what == "" {
				what = types.ExprString(n.Results[0])
			}
		}
		return true
	})
	if !empty || what == "" {
		return
	}
	msg := fmt.Sprintf("Keys of carrier %s returns %s: propagators and bridges that enumerate the carrier's keys see nothing; return the header keys",
		c.named.Obj().Name(), what)
	r.Report(c.Keys.Name, msg, keysFix(pass, r, c))
}

// emptySlice reports whether e is nil, an empty composite literal, or
// make([]T, 0).
func emptySlice(info *types.Info, e ast.Expr) bool {
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && tv.IsNil() {
		return true
	}
	switch x := e.(type) {
	case *ast.CompositeLit:
		return len(x.Elts) == 0
	case *ast.CallExpr:
		if wiring.IsBuiltin(info, x, "make") && len(x.Args) == 2 {
			if tv, ok := info.Types[x.Args[1]]; ok && tv.Value != nil && tv.Value.String() == "0" {
				return true
			}
		}
	}
	return false
}

// headerKey returns how to read the key of a header h of the slice type t
// as a string ("string(h.Key)" or "h.Key"), or "".
func headerKey(t types.Type, h string) string {
	sl, ok := t.Underlying().(*types.Slice)
	if !ok {
		return ""
	}
	elem := sl.Elem()
	if p, ok := elem.Underlying().(*types.Pointer); ok {
		elem = p.Elem()
	}
	st, ok := elem.Underlying().(*types.Struct)
	if !ok {
		return ""
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if f.Name() != "Key" {
			continue
		}
		switch ft := f.Type().Underlying().(type) {
		case *types.Basic:
			if ft.Kind() == types.String {
				return h + ".Key"
			}
		case *types.Slice:
			if b, ok := ft.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
				return "string(" + h + ".Key)"
			}
		}
	}
	return ""
}

// recvName returns the name of a method's receiver, or "".
func recvName(fd *ast.FuncDecl) string {
	if len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 {
		return ""
	}
	if n := fd.Recv.List[0].Names[0].Name; n != "_" {
		return n
	}
	return ""
}

// inKeys spells the headers path of Set (rooted at Set's receiver) with
// Keys' receiver, or "".
func inKeys(pass *analysis.Pass, f *report.Fix, c *carrier, path ast.Expr) string {
	setRecv, keysRecv := recvName(c.Set), recvName(c.Keys)
	if setRecv == "" || keysRecv == "" {
		return ""
	}
	root := flow.Root(pass.TypesInfo, path)
	if root == nil || root.Name() != setRecv {
		return ""
	}
	// A selector (c.msg.Headers) reads alike through a value or a pointer
	// receiver; the receiver itself (*c, c) only through the same kind.
	if _, sel := ast.Unparen(path).(*ast.SelectorExpr); !sel && isPointerRecv(pass, c.Keys) != isPointerRecv(pass, c.Set) {
		return ""
	}
	src := f.Source(path)
	i := strings.Index(src, setRecv)
	if i < 0 || strings.TrimLeft(src[:i], "*(") != "" {
		return ""
	}
	return src[:i] + keysRecv + src[i+len(setRecv):]
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

func isPointerRecv(pass *analysis.Pass, fd *ast.FuncDecl) bool {
	fn, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
	return fn != nil && isPointer(fn.Type().(*types.Signature).Recv().Type())
}

// keysFix makes Keys return the keys of the headers Set writes.
func keysFix(pass *analysis.Pass, r *report.Reporter, c *carrier) *report.Fix {
	f := r.NewFix("Return the header keys", c.Keys.Body.Pos(), report.NewNames(c.Keys))
	path := c.Headers
	if path == nil {
		path = c.MapBase
	}
	if path == nil {
		f.Fail("Set writes no headers the analysis can see")
		return f
	}
	p := inKeys(pass, f, c, path)
	if p == "" {
		f.Fail("the headers are not reached from the receivers alike")
		return f
	}
	keys := f.Fresh("keys")
	var loop string
	if c.MapBase != nil {
		k := f.Fresh("k")
		loop = "\tfor " + k + " := range " + p + " {\n\t\t" + keys + " = append(" + keys + ", " + k + ")\n\t}\n"
	} else {
		h := f.Fresh("h")
		key := headerKey(pass.TypesInfo.TypeOf(path), h)
		if key == "" {
			f.Fail("headers without a Key field")
			return f
		}
		loop = "\tfor _, " + h + " := range " + p + " {\n\t\t" + keys + " = append(" + keys + ", " + key + ")\n\t}\n"
	}
	f.Replace(c.Keys.Body, "{\n\t"+keys+" := make([]string, 0, len("+p+"))\n"+loop+"\treturn "+keys+"\n}")
	return f
}

type checker struct {
	pass     *analysis.Pass
	r        *report.Reporter
	u        *flow.Unit
	j        *propagate.Judge
	table    *knowledge.Table
	carriers map[*types.Named]*carrier
	res      *summary.Result
}

// An injection is an Inject call through one of the package's carriers
// with an append-only Set, over a produced message.
type injection struct {
	call    *ast.CallExpr
	carrier *carrier
	msgs    map[*types.Var]bool // the produced messages the carrier may hold
}

func (ch *checker) check() {
	info := ch.pass.TypesInfo
	var injs []injection
	for _, call := range ch.u.Calls {
		if otelapi.Classify(info, call) != otelapi.Inject || len(call.Args) != 2 {
			continue
		}
		c := ch.carrierOf(call.Args[1])
		if c == nil {
			continue
		}
		msgs := map[*types.Var]bool{}
		for v := range ch.u.Deps(call.Args[1]).Vars {
			if d := ch.table.Message(deref(v.Type())); d != nil && d.Produced {
				for a := range ch.u.Aliases(v) {
					msgs[a] = true
				}
			}
		}
		if len(msgs) == 0 {
			continue // the carrier's headers are not a message's the analysis can see
		}
		injs = append(injs, injection{call: call, carrier: c, msgs: msgs})
	}
	for _, in := range injs {
		why := ch.forwarded(in)
		if why == "" {
			why = ch.injectedAgain(in, injs)
		}
		if why == "" {
			continue
		}
		name := in.carrier.named.Obj().Name()
		var at string
		var fix *report.Fix
		if rc := in.carrier.remote; rc != nil {
			name = in.carrier.named.Obj().Pkg().Name() + "." + name
			at = rc.SetAt
		} else {
			pos := ch.pass.Fset.Position(in.carrier.Set.Pos())
			at = fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)
			fix = setFix(ch.pass, ch.r, in.carrier)
		}
		msg := fmt.Sprintf("Inject writes through %s.Set (%s), which appends without replacing an existing key, into headers that %s: "+
			"the message then carries two traceparent headers, and many consumers read the first, stale one",
			name, at, why)
		ch.r.Report(in.call, msg, fix)
	}
}

// carrierOf returns the package carrier with an append-only Set that the
// expression (a carrier argument of Inject) holds, or nil.
func (ch *checker) carrierOf(e ast.Expr) *carrier {
	t := ch.pass.TypesInfo.TypeOf(e)
	if t == nil {
		return nil
	}
	if tv, ok := ch.pass.TypesInfo.Types[ast.Unparen(e)]; ok && types.IsInterface(tv.Type) {
		// propagation.TextMapCarrier(x): look at x.
		if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) == 1 {
			if ftv, ok := ch.pass.TypesInfo.Types[call.Fun]; ok && ftv.IsType() {
				return ch.carrierOf(call.Args[0])
			}
		}
		return nil
	}
	named, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok {
		return nil
	}
	if c := ch.carriers[named]; c != nil {
		return c
	}
	// A carrier of another package, whose facts say its Set only appends.
	if f := ch.res.Carrier(named.Obj()); f != nil && f.AppendOnly {
		return &carrier{named: named, remote: f}
	}
	return nil
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// forwarded reports, as a phrase, whether the message's headers may be
// copied from a received message: the message is a received one
// (forwarded as is), or its headers derive from a consumed message's
// headers.
func (ch *checker) forwarded(in injection) string {
	for _, m := range ch.j.Received() {
		for v := range m.Aliases {
			if in.msgs[v] {
				return "hold the trace context of the received message " + m.V.Name() + " it forwards"
			}
		}
	}
	deps := ch.u.VarDeps(in.msgs)
	for _, call := range deps.Calls {
		if fn, ok := typeutil.Callee(ch.pass.TypesInfo, call).(*types.Func); ok && ch.table.Receive(fn) {
			return "hold the trace context of the message received by " + types.ExprString(call.Fun) + ", which is sent on"
		}
	}
	for _, sel := range deps.Fields {
		d := ch.table.Message(deref(ch.pass.TypesInfo.TypeOf(sel.X)))
		if d == nil || !d.Consumed || sel.Sel.Name != d.HeaderField {
			continue
		}
		if root := flow.Root(ch.pass.TypesInfo, sel.X); root != nil && !in.msgs[root] {
			return "are copied from the received message " + root.Name() + " (" + types.ExprString(sel) + ")"
		}
	}
	return ""
}

// injectedAgain reports, as a phrase, whether an injection into the same
// message may run before this one with no new message built in between:
// this one again (a retry loop around a message built before it), or
// another.
func (ch *checker) injectedAgain(in injection, all []injection) string {
	p := ch.u.Prog
	if p == nil {
		return ""
	}
	at := p.At(in.call)
	if !at.Valid() {
		return ""
	}
	for _, other := range all {
		same := false
		for v := range other.msgs {
			if in.msgs[v] {
				same = true
			}
		}
		if !same {
			continue
		}
		from := p.At(other.call)
		if !from.Valid() || from.Func() != at.Func() || !flow.MayReach(from, at, nil) {
			continue
		}
		if ch.rebuiltBetween(in.msgs, from, at) {
			continue
		}
		if other.call == in.call {
			return "this injection wrote before, when the message is injected again in a loop (a retry)"
		}
		line := ch.pass.Fset.Position(other.call.Pos()).Line
		return fmt.Sprintf("the injection at line %d wrote before (the message is injected again)", line)
	}
	return ""
}

// rebuiltBetween reports whether a definition of one of the message
// variables (a new message) may run between from and to, or cannot be
// located (and might).
func (ch *checker) rebuiltBetween(msgs map[*types.Var]bool, from, to flow.Point) bool {
	p := ch.u.Prog
	vars := make([]*types.Var, 0, len(msgs))
	for v := range msgs {
		vars = append(vars, v)
	}
	sort.Slice(vars, func(i, j int) bool { return vars[i].Pos() < vars[j].Pos() })
	for _, v := range vars {
		for _, d := range ch.u.Defs[v] {
			if d.Kind == flow.Param {
				continue
			}
			if d.RHS == nil {
				return true
			}
			pd := p.At(d.RHS)
			if !pd.Valid() {
				if d.Kind == flow.Assign {
					return true
				}
				continue
			}
			if pd.Func() == from.Func() && flow.MayReach(from, pd, nil) && flow.MayReach(pd, to, nil) {
				return true
			}
		}
	}
	return false
}

// setFix makes an append-only Set over slice headers drop the existing
// entries for the key before it appends. The entries kept go to a new
// slice: the headers may share their array with a received message's.
func setFix(pass *analysis.Pass, r *report.Reporter, c *carrier) *report.Fix {
	f := r.NewFix("Make "+c.named.Obj().Name()+".Set replace the existing entries for the key", c.Append.Pos(), report.NewNames(c.Set))
	params := c.Set.Type.Params.List
	if len(params) == 0 || len(params[0].Names) == 0 || params[0].Names[0].Name == "_" {
		f.Fail("Set's key parameter has no name")
		return f
	}
	key := params[0].Names[0].Name
	kept, h := f.Fresh("kept"), f.Fresh("h")
	hk := headerKey(pass.TypesInfo.TypeOf(c.Headers), h)
	if hk == "" {
		f.Fail("headers without a Key field")
		return f
	}
	path := f.Source(c.Headers)
	sliced := path
	if _, ok := ast.Unparen(c.Headers).(*ast.StarExpr); ok {
		sliced = "(" + path + ")"
	}
	f.InsertBefore(c.Append,
		kept+" := "+sliced+"[:0:0]",
		"for _, "+h+" := range "+path+" {",
		"	if "+hk+" != "+key+" {",
		"		"+kept+" = append("+kept+", "+h+")",
		"	}",
		"}",
		path+" = "+kept,
	)
	return f
}

// Package tracemap is `tracewire map`: the propagation map of a module,
// one row per destination (topic, subject, exchange and routing key,
// queue) with its producers and consumers and where the trace breaks.
//
// It runs the suite's analyzers once, through the x/tools checker, with a
// strict producerinject and the map's site analyzer sharing the build's
// fact analyzer (analyzer.BuildMap), and joins every site with the
// findings at its position: one verdict, the checks'. A producer with a
// default-mode finding is broken (the finding's message), one only the
// strict producerinject reports has no context, a send whose client or
// wrapper injects is instrumented, any other propagates; a consumer with a
// consumerextract finding in the scope of its message is broken.
package tracemap

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tracewire/tracewire/analyzer"
)

// ConfigEnv names the in-house bus configuration when -config is not
// given, as for the checks.
const ConfigEnv = "TRACEWIRE_CONFIG"

// Statuses of a producer or consumer.
const (
	Propagates   = "propagates"
	Broken       = "broken"
	Links        = "links"
	NoContext    = "no context"
	Instrumented = "instrumented"
)

// DynamicPrefix starts the name of a destination the syntax does not
// resolve; the expression follows.
const DynamicPrefix = "(dynamic) "

// A Map is the propagation map, as -format json writes it.
type Map struct {
	Destinations []*Destination `json:"destinations"`
}

// A Destination is one topic, subject or queue of one system.
type Destination struct {
	System    string      `json:"system"`
	Name      string      `json:"name"`
	Producers []*Endpoint `json:"producers"`
	Consumers []*Endpoint `json:"consumers"`
}

// An Endpoint is a producer or a consumer of a destination.
type Endpoint struct {
	Func    string `json:"func"`
	Pos     string `json:"pos"`
	Status  string `json:"status"`
	Message string `json:"message"`
}

// Dynamic reports a destination whose name was not resolved.
func (d *Destination) Dynamic() bool { return strings.HasPrefix(d.Name, DynamicPrefix) }

// Verdict is the destination's end-to-end verdict, from its endpoints'
// statuses.
func (d *Destination) Verdict() string {
	var pb, cb bool
	for _, p := range d.Producers {
		pb = pb || p.Status == Broken || p.Status == NoContext
	}
	for _, c := range d.Consumers {
		cb = cb || c.Status == Broken
	}
	var v string
	switch {
	case pb && cb:
		v = "broken by producer and consumer"
	case pb:
		v = "broken by producer"
	case cb:
		v = "broken by consumer"
	case len(d.Producers) > 0 && len(d.Consumers) > 0:
		return "propagates end to end"
	default:
		v = "propagates"
	}
	switch {
	case len(d.Producers) == 0:
		v += " (no producer in view)"
	case len(d.Consumers) == 0:
		v += " (no consumer in view)"
	}
	return v
}

// Main runs `tracewire map` with args (after "map") and returns the exit
// code: 0, 1 for an error, 2 for a usage error.
func Main(progname string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(progname+" map", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text, json, mermaid or html")
	config := fs.String("config", "", "in-house bus configuration file (docs/buses.md); default $"+ConfigEnv)
	merge := fs.Bool("merge", false, "join the JSON maps named by the arguments (made with -format json) by system and destination name")
	tags := fs.String("tags", "", "comma-separated build tags")
	fs.Usage = func() {
		_, _ = fmt.Fprintf(stderr, "usage: %s map [-format text|json|mermaid|html] [-config FILE] [packages]\n       %s map -merge [-format ...] a.json b.json ...\n", progname, progname)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	render, ok := renderers[*format]
	if !ok {
		_, _ = fmt.Fprintf(stderr, "%s map: unknown -format %q (text, json, mermaid, html)\n", progname, *format)
		return 2
	}
	var m *Map
	code := 0
	if *merge {
		if fs.NArg() == 0 {
			fs.Usage()
			return 2
		}
		var maps []*Map
		for _, path := range fs.Args() {
			mm, err := ReadFile(path)
			if err != nil {
				_, _ = fmt.Fprintf(stderr, "%s map: %v\n", progname, err)
				return 1
			}
			maps = append(maps, mm)
		}
		m = Merge(maps...)
	} else {
		path := *config
		if path == "" {
			path = os.Getenv(ConfigEnv)
		}
		var buses *analyzer.Buses
		if path != "" {
			b, err := analyzer.LoadBuses(path)
			if err != nil {
				_, _ = fmt.Fprintf(stderr, "%s map: %v\n", progname, err)
				return 1
			}
			buses = b
		}
		patterns := fs.Args()
		if len(patterns) == 0 {
			patterns = []string{"."}
		}
		var errs []error
		var err error
		m, errs, err = Build(analyzer.Config{Buses: buses}, *tags, patterns)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "%s map: %v\n", progname, err)
			return 1
		}
		for _, e := range errs {
			_, _ = fmt.Fprintf(stderr, "%s map: %v\n", progname, e)
			code = 1
		}
	}
	if err := render(stdout, m); err != nil {
		_, _ = fmt.Fprintf(stderr, "%s map: %v\n", progname, err)
		return 1
	}
	return code
}

// ReadFile reads a map written with -format json.
func ReadFile(path string) (*Map, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Map
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &m, nil
}

// Build loads the packages matching patterns, runs the map's analyzers
// once and returns the map, with the errors of packages and analyzers.
func Build(cfg analyzer.Config, tags string, patterns []string) (*Map, []error, error) {
	lcfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedDeps | packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax |
			packages.NeedTypesInfo | packages.NeedModule,
	}
	if tags != "" {
		lcfg.BuildFlags = []string{"-tags=" + tags}
	}
	pkgs, err := packages.Load(lcfg, patterns...)
	if err != nil {
		return nil, nil, err
	}
	var errs []error
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e)
		}
	})
	if len(pkgs) == 0 {
		return nil, errs, fmt.Errorf("no packages match %s", strings.Join(patterns, " "))
	}
	b := analyzer.BuildMap(cfg)
	g, err := checker.Analyze(b.All(), pkgs, nil)
	if err != nil {
		return nil, errs, err
	}
	r := newRun(b, pkgs[0].Fset)
	for act := range g.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", act.Package.PkgPath, act.Err))
			continue
		}
		r.add(act.Analyzer, act.Diagnostics, act.Result)
	}
	return r.build(), errs, nil
}

// A finding is one diagnostic of a check.
type finding struct {
	pos token.Pos
	msg string
}

type run struct {
	b    analyzer.MapBuild
	fset *token.FileSet
	// producer holds the findings of the default producerinject (and
	// of the suite's other checks), strict those of the strict one,
	// consumer consumerextract's.
	producer, strict, consumer []finding
	sites                      []*analyzer.MapSites
}

func newRun(b analyzer.MapBuild, fset *token.FileSet) *run { return &run{b: b, fset: fset} }

func (r *run) add(a *analysis.Analyzer, diags []analysis.Diagnostic, result any) {
	var to *[]finding
	switch {
	case a == r.b.Sites:
		if s, ok := result.(*analyzer.MapSites); ok && s != nil {
			r.sites = append(r.sites, s)
		}
		return
	case a == r.b.Strict:
		to = &r.strict
	case a.Name == "producerinject":
		to = &r.producer
	case a.Name == "consumerextract":
		to = &r.consumer
	default:
		return
	}
	for _, d := range diags {
		*to = append(*to, finding{d.Pos, d.Message})
	}
}

// within returns the message of the first finding in [from, to), or "".
func within(fs []finding, from, to token.Pos) (string, bool) {
	for _, f := range fs {
		if f.pos >= from && f.pos < to {
			return f.msg, true
		}
	}
	return "", false
}

// maxCallDepth bounds how many calls a destination or handler parameter
// is followed up.
const maxCallDepth = 4

// target is a destination a subscription or producer resolves to.
type target struct {
	system string
	name   string
}

func (r *run) build() *Map {
	calls := map[string][]analyzer.MapCall{}
	for _, s := range r.sites {
		for _, c := range s.Calls {
			calls[c.Callee] = append(calls[c.Callee], c)
		}
	}
	// argNames resolves a parameter through the calls of its function.
	var argNames func(p *analyzer.MapParam, depth int) []string
	argNames = func(p *analyzer.MapParam, depth int) []string {
		if p == nil || depth > maxCallDepth {
			return nil
		}
		var out []string
		for _, c := range calls[p.Func] {
			if p.Index >= len(c.Args) {
				continue
			}
			a := c.Args[p.Index]
			out = append(out, a.Names...)
			if len(a.Names) == 0 && a.Param != nil {
				out = append(out, argNames(a.Param, depth+1)...)
			}
		}
		return dedupe(out)
	}
	// A handler parameter and the destination parameter of the same
	// subscription are paired call by call.
	type pair struct {
		names []string
		keys  []string
	}
	var argPairs func(dest, handler *analyzer.MapParam, depth int) []pair
	argPairs = func(dest, handler *analyzer.MapParam, depth int) []pair {
		if depth > maxCallDepth {
			return nil
		}
		var out []pair
		for _, c := range calls[handler.Func] {
			if handler.Index >= len(c.Args) {
				continue
			}
			h := c.Args[handler.Index]
			var names []string
			var dp *analyzer.MapParam
			if dest != nil && dest.Func == handler.Func && dest.Index < len(c.Args) {
				names = c.Args[dest.Index].Names
				dp = c.Args[dest.Index].Param
			}
			if h.Param != nil && len(h.Keys) == 0 {
				for _, p := range argPairs(dp, h.Param, depth+1) {
					if len(names) > 0 {
						p.names = names
					}
					out = append(out, p)
				}
				continue
			}
			if len(names) == 0 && dp != nil {
				names = argNames(dp, depth+1)
			}
			out = append(out, pair{names: names, keys: h.Keys})
		}
		return out
	}

	byKey := map[string][]target{}
	addKeys := func(sys string, names []string, expr string, keys []string) {
		for _, k := range keys {
			if len(names) == 0 {
				byKey[k] = append(byKey[k], target{sys, DynamicPrefix + expr})
			}
			for _, n := range names {
				byKey[k] = append(byKey[k], target{sys, n})
			}
		}
	}
	for _, s := range r.sites {
		for _, sub := range s.Subscriptions {
			names := sub.Dest.Names
			if len(names) == 0 && sub.Dest.Param != nil {
				names = argNames(sub.Dest.Param, 0)
			}
			if sub.Handler != nil {
				for _, p := range argPairs(sub.Dest.Param, sub.Handler, 0) {
					n := p.names
					if len(n) == 0 {
						n = names
					}
					addKeys(sub.System, n, sub.Dest.Expr, p.keys)
				}
			}
			addKeys(sub.System, names, sub.Dest.Expr, sub.Keys)
		}
	}

	dests := map[target]*Destination{}
	get := func(t target) *Destination {
		d := dests[t]
		if d == nil {
			d = &Destination{System: t.system, Name: t.name, Producers: []*Endpoint{}, Consumers: []*Endpoint{}}
			dests[t] = d
		}
		return d
	}
	for _, s := range r.sites {
		for _, p := range s.Producers {
			e := &Endpoint{Func: p.Func, Pos: r.pos(p.Pos)}
			if msg, ok := within(r.producer, p.From, p.To); ok {
				e.Status, e.Message = Broken, msg
			} else if msg, ok := within(r.strict, p.From, p.To); ok {
				e.Status, e.Message = NoContext, msg
			} else if p.Instrumented != "" {
				e.Status, e.Message = Instrumented, p.Instrumented
			} else {
				e.Status = Propagates
			}
			names := p.Dest.Names
			if len(names) == 0 && p.Dest.Param != nil {
				names = argNames(p.Dest.Param, 0)
			}
			if len(names) == 0 {
				names = []string{DynamicPrefix + p.Dest.Expr}
			}
			for _, n := range names {
				d := get(target{p.System, n})
				d.Producers = append(d.Producers, e)
			}
		}
	}
	// A consumerextract finding belongs to the innermost received
	// message whose scope holds it.
	var all []analyzer.MapSite
	for _, s := range r.sites {
		all = append(all, s.Consumers...)
	}
	owner := map[int]string{}
	for _, f := range r.consumer {
		best := -1
		for i, c := range all {
			if f.pos > c.From && f.pos < c.To && (best < 0 || c.From > all[best].From) {
				best = i
			}
		}
		if best >= 0 {
			if _, ok := owner[best]; !ok {
				owner[best] = f.msg
			}
		}
	}
	for i, c := range all {
		var ts []target
		for _, k := range c.Keys {
			ts = append(ts, byKey[k]...)
		}
		if len(c.Dest.Names) > 0 {
			ts = nil
			for _, n := range c.Dest.Names {
				ts = append(ts, target{c.System, n})
			}
		}
		if len(ts) == 0 {
			if c.Param {
				continue // a helper's parameter, no subscription delivers to it
			}
			ts = []target{{c.System, DynamicPrefix + c.Dest.Expr}}
		}
		e := &Endpoint{Func: c.Func, Pos: r.pos(c.Pos)}
		if msg, ok := owner[i]; ok {
			e.Status, e.Message = Broken, msg
		} else if c.Instrumented != "" {
			e.Status, e.Message = Instrumented, c.Instrumented
		} else {
			e.Status = Propagates
		}
		seen := map[target]bool{}
		for _, t := range ts {
			if t.system == "" {
				t.system = c.System
			}
			if seen[t] {
				continue
			}
			seen[t] = true
			d := get(t)
			d.Consumers = append(d.Consumers, e)
		}
	}
	m := &Map{Destinations: []*Destination{}}
	for _, d := range dests {
		m.Destinations = append(m.Destinations, d)
	}
	m.sort()
	return m
}

func dedupe(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// pos spells a position relative to the working directory when under it.
func (r *run) pos(p token.Pos) string {
	position := r.fset.Position(p)
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, position.Filename); err == nil && !strings.HasPrefix(rel, "..") {
			position.Filename = filepath.ToSlash(rel)
		}
	}
	return position.String()
}

// sort orders destinations by system and name (dynamic ones last), and
// endpoints by position.
func (m *Map) sort() {
	sort.Slice(m.Destinations, func(i, j int) bool {
		a, b := m.Destinations[i], m.Destinations[j]
		if a.System != b.System {
			return a.System < b.System
		}
		if a.Dynamic() != b.Dynamic() {
			return !a.Dynamic()
		}
		return a.Name < b.Name
	})
	for _, d := range m.Destinations {
		for _, es := range [][]*Endpoint{d.Producers, d.Consumers} {
			sort.SliceStable(es, func(i, j int) bool { return es[i].Pos < es[j].Pos })
		}
	}
}

// Merge joins maps by system and destination name, so that a producer in
// one module meets its consumers in another. Unresolved destinations are
// never joined: the same expression in two programs names nothing alike.
func Merge(maps ...*Map) *Map {
	type key struct{ system, name string }
	out := &Map{Destinations: []*Destination{}}
	byKey := map[key]*Destination{}
	for _, m := range maps {
		for _, d := range m.Destinations {
			k := key{d.System, d.Name}
			t := byKey[k]
			if t == nil || d.Dynamic() {
				t = &Destination{System: d.System, Name: d.Name, Producers: []*Endpoint{}, Consumers: []*Endpoint{}}
				out.Destinations = append(out.Destinations, t)
				if !d.Dynamic() {
					byKey[k] = t
				}
			}
			t.Producers = appendNew(t.Producers, d.Producers)
			t.Consumers = appendNew(t.Consumers, d.Consumers)
		}
	}
	out.sort()
	return out
}

func appendNew(to, from []*Endpoint) []*Endpoint {
	for _, e := range from {
		dup := false
		for _, x := range to {
			if *x == *e {
				dup = true
				break
			}
		}
		if !dup {
			to = append(to, e)
		}
	}
	return to
}

// Resolved returns how many destinations of m have a name, and how many
// there are.
func (m *Map) Resolved() (named, total int) {
	for _, d := range m.Destinations {
		if !d.Dynamic() {
			named++
		}
	}
	return named, len(m.Destinations)
}

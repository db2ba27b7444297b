package propagatorunset

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer/internal/check"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/option"
	"github.com/tracewire/tracewire/analyzer/internal/report"
)

//go:embed doc.go
var docSource string

// Name is the analyzer's name.
const Name = "propagatorunset"

// Config configures the analyzer. It has no options yet.
type Config struct{}

// Options declares the analyzer's options: it has none yet. An option
// added here gets its flag, its golangci-lint setting and its editor
// setting from this declaration (see producerinject's).
func (*Config) Options() []option.Option { return nil }

// Analyzer is propagatorunset with the default configuration.
var Analyzer = New(Config{})

// New returns a fresh analyzer for cfg. Analyzers built by New share no
// state; analyzer.Build passes the fact analyzer of its build in opts.
func New(cfg Config, opts ...check.Option) *analysis.Analyzer {
	return check.New(Name, docSource, cfg.Options(), run, opts...)
}

func run(run *check.Run) error {
	pass := run.Pass
	if pass.Pkg.Name() != "main" || strings.HasSuffix(pass.Pkg.Path(), ".test") {
		return nil // not a program, or a test binary's generated main
	}
	p := run.Res.Propagator
	if !p.Uses() || p.Sets() {
		return nil
	}
	fd, file := mainFunc(pass)
	if fd == nil {
		return nil
	}
	if name := pass.Fset.File(file.Pos()).Name(); strings.HasSuffix(name, "_test.go") {
		return nil // a test binary's main
	}
	r := run.R
	use := p.UsePkg + "." + p.UseFunc
	if p.UseVia != "" {
		use += " builds " + p.UseVia + " without a propagator option, which"
	}
	msg := fmt.Sprintf("the program never sets OpenTelemetry's global propagator: %s injects or extracts through otel.GetTextMapPropagator(), "+
		"a no-op until otel.SetTextMapPropagator is called, and no function the program links calls it", use)
	r.Report(fd.Name, msg, fix(r, fd))
	return nil
}

// mainFunc returns func main of the package and its file.
func mainFunc(pass *analysis.Pass) (*ast.FuncDecl, *ast.File) {
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" && fd.Body != nil {
				if _, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					return fd, f
				}
			}
		}
	}
	return nil, nil
}

// fix sets the W3C trace-context and baggage composite at the top of main.
// OpenTelemetry's otel package (with propagation, which it imports) is in
// the program's build: the use of the global propagator reads it, directly
// or through instrumentation that imports it. (Export data does not list
// every indirect import, so the import graph cannot show it under go vet.)
func fix(r *report.Reporter, fd *ast.FuncDecl) *report.Fix {
	if len(fd.Body.List) == 0 {
		return nil
	}
	first := fd.Body.List[0]
	f := r.NewFix("Set the W3C trace-context and baggage propagator at the start of main", first.Pos(), report.NewNames(fd))
	otel := f.Import(knowledge.OTelPrefix, "otel")
	prop := f.Import(knowledge.OTelPrefix+"/propagation", "propagation")
	f.InsertBefore(first, otel+".SetTextMapPropagator("+prop+".NewCompositeTextMapPropagator("+prop+".TraceContext{}, "+prop+".Baggage{}))")
	return f
}

// Package check builds tracewire's analyzers alike, so each analyzer
// package holds only its name, doc and run function: the Doc comes from the
// `# Analyzer <name>` section of its doc.go, the URL points at
// docs/<name>.md, it requires the fact analyzer and reads everything about
// other functions through it, a panic in its run costs one package's
// findings (report.Guard), and it runs on ill-typed code too (golangci-lint
// and other drivers do that). The knowledge table is the one the fact
// analyzer analyzed the package with (the built-in table, or one extended
// with in-house buses), handed to run.
package check

import (
	"fmt"
	"go/types"
	"iter"

	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer/internal/doc"
	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/option"
	"github.com/tracewire/tracewire/analyzer/internal/propagate"
	"github.com/tracewire/tracewire/analyzer/internal/report"
	"github.com/tracewire/tracewire/analyzer/internal/summary"
)

// An Option configures an analyzer New builds.
type Option func(*options)

type options struct {
	facts *analysis.Analyzer
}

// Facts makes the analyzer require facts, the fact analyzer of its build
// (summary.New for the build's table source), instead of
// summary.Analyzer, the one of the built-in table.
func Facts(facts *analysis.Analyzer) Option {
	return func(o *options) {
		if facts != nil {
			o.facts = facts
		}
	}
}

// A Run is what one run of a check is handed: the pass, the fact
// analyzer's result for the package, the knowledge table the package was
// analyzed with, and the package's reporter (the one place findings are
// made).
type Run struct {
	Pass  *analysis.Pass
	Res   *summary.Result
	Table *knowledge.Table
	R     *report.Reporter
}

// Units yields the units (a top-level function with its closures, or a
// package-level function literal) of the package's files that are not
// generated, in file and source order.
func (r *Run) Units() iter.Seq[*flow.Unit] {
	return func(yield func(*flow.Unit) bool) {
		for _, f := range r.Pass.Files {
			if r.R.Generated(f) {
				continue
			}
			for _, u := range r.Res.Units(f) {
				if !yield(u) {
					return
				}
			}
		}
	}
}

// Judge returns the judge of propagation questions about u.
func (r *Run) Judge(u *flow.Unit) *propagate.Judge {
	return r.Res.Judge(r.Pass.TypesInfo, r.Table, u)
}

// Info is the pass's type information.
func (r *Run) Info() *types.Info { return r.Pass.TypesInfo }

// New returns a fresh analyzer named name, documented by docSource (the
// analyzer's doc.go), with a flag for each of its options (the options its
// Config declares, bound to the Config its run reads), that calls run for
// every package with what it is handed (a Run), with the result of its
// fact analyzer (summary.Analyzer unless an option names another).
//
// An error of the in-house bus configuration for the package (see
// summary.Result.ConfigErr) is the error of one of the package's checks;
// the others return nothing, without running.
func New(name, docSource string, declared []option.Option, run func(*Run) error, opts ...Option) *analysis.Analyzer {
	o := options{facts: summary.Analyzer}
	for _, opt := range opts {
		opt(&o)
	}
	facts := o.facts
	a := &analysis.Analyzer{
		Name:     name,
		Doc:      doc.MustExtract(docSource, name),
		URL:      "https://github.com/tracewire/tracewire/blob/main/docs/" + name + ".md",
		Requires: []*analysis.Analyzer{facts},
		Run: func(pass *analysis.Pass) (any, error) {
			res, ok := pass.ResultOf[facts].(*summary.Result)
			if !ok || res == nil {
				return nil, fmt.Errorf("%s: no result from %s", name, facts.Name)
			}
			if res.ConfigErr() != nil {
				// The in-house bus configuration does not fit: the
				// package was not analyzed. One check reports why.
				return nil, res.ClaimConfigErr()
			}
			r := &Run{Pass: pass, Res: res, Table: res.Table(), R: report.New(pass)}
			return nil, report.Guard(pass, func() error { return run(r) })
		},
		RunDespiteErrors: true,
	}
	option.Define(&a.Flags, declared)
	return a
}

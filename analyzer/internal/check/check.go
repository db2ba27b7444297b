// Package check builds tracewire's analyzers alike, so each analyzer
// package holds only its name, doc and run function: the Doc comes from the
// `# Analyzer <name>` section of its doc.go, the URL points at
// docs/<name>.md, it requires the fact analyzer and reads everything about
// other functions through it, a panic in its run costs one package's
// findings (report.Guard), and it runs on ill-typed code too (golangci-lint
// and other drivers do that). The knowledge table is picked here, at the
// entry point, and handed to run.
package check

import (
	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer/internal/doc"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/report"
	"github.com/tracewire/tracewire/analyzer/internal/summary"
)

// New returns a fresh analyzer named name, documented by docSource (the
// analyzer's doc.go), that runs run with the default table.
func New(name, docSource string, run func(*analysis.Pass, *knowledge.Table) error) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     name,
		Doc:      doc.MustExtract(docSource, name),
		URL:      "https://github.com/tracewire/tracewire/blob/main/docs/" + name + ".md",
		Requires: []*analysis.Analyzer{summary.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			return nil, report.Guard(pass, func() error { return run(pass, knowledge.Default) })
		},
		RunDespiteErrors: true,
	}
}

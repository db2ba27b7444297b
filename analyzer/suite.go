// Package analyzer is tracewire's registry: every analyzer, whether it runs
// by default, and whether it offers fixes.
package analyzer

import (
	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer/consumerextract"
	"github.com/tracewire/tracewire/analyzer/producerinject"
)

// An Entry describes one analyzer of the suite.
type Entry struct {
	Analyzer *analysis.Analyzer
	// Default reports whether the analyzer runs unless disabled.
	Default bool
	// Autofix reports whether its diagnostics carry suggested fixes.
	Autofix bool
}

// Suite lists tracewire's analyzers, in the package-level instances that
// command-line flags configure.
func Suite() []Entry {
	return []Entry{
		{Analyzer: producerinject.Analyzer, Default: true, Autofix: true},
		{Analyzer: consumerextract.Analyzer, Default: true, Autofix: true},
	}
}

// Analyzers returns the analyzers of the suite that run by default.
func Analyzers() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, e := range Suite() {
		if e.Default {
			out = append(out, e.Analyzer)
		}
	}
	return out
}

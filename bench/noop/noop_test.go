package main

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer"
)

// TestMirrorsTracewire fails when noop's load mode (decided by whether any
// analyzer declares facts) differs from tracewire's, or when noop starts
// requiring analyzers: the benchmark would then compare different load
// modes, or count tracewire's own passes in the baseline.
func TestMirrorsTracewire(t *testing.T) {
	suite := analyzer.Analyzers()
	if len(Analyzer.Requires) != 0 {
		t.Errorf("noop requires %d analyzers, want none", len(Analyzer.Requires))
	}
	if tw, n := needFacts(suite), needFacts([]*analysis.Analyzer{Analyzer}); tw != n {
		t.Errorf("tracewire uses facts: %t, noop: %t; facts decide the load mode, mirror them in noop", tw, n)
	}
}

// needFacts reports whether any of as, or any analyzer they require,
// declares facts (as go/analysis/internal/checker decides its load mode).
func needFacts(as []*analysis.Analyzer) bool {
	seen := map[*analysis.Analyzer]bool{}
	var visit func([]*analysis.Analyzer) bool
	visit = func(as []*analysis.Analyzer) bool {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			if len(a.FactTypes) > 0 || visit(a.Requires) {
				return true
			}
		}
		return false
	}
	return visit(as)
}

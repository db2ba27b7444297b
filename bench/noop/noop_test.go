package main

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer"
)

// TestMirrorsTracewire fails when tracewire's analyzers gain prerequisites
// or facts that noop does not mirror: the benchmark would then compare
// different passes or load modes.
func TestMirrorsTracewire(t *testing.T) {
	suite := analyzer.Analyzers()

	want := map[*analysis.Analyzer]bool{}
	for _, a := range suite {
		for _, req := range a.Requires {
			want[req] = true
		}
	}
	got := map[*analysis.Analyzer]bool{}
	for _, req := range Analyzer.Requires {
		got[req] = true
	}
	for req := range want {
		if !got[req] {
			t.Errorf("tracewire requires %s, noop does not: add it to noop's Requires", req.Name)
		}
	}
	for req := range got {
		if !want[req] {
			t.Errorf("noop requires %s, tracewire does not: remove it", req.Name)
		}
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

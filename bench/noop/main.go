// Command noop is the baseline of tracewire's benchmark (bench/run.sh): a
// multichecker with one analyzer that does nothing. It runs the same driver
// as cmd/tracewire, so timing both over the same packages separates the cost
// of tracewire's analyzers from the cost of loading and type-checking.
//
// The load mode depends on the analyzers: the checker loads syntax for every
// dependency when some analyzer (or one it requires) declares FactTypes, and
// only for the named packages otherwise. tracewire's analyzers require its
// fact analyzer (tracewirefacts), so noop declares a fact type of its own:
// the same load mode, without doing tracewire's work (which is what is
// being measured). noop_test.go fails if the two drift apart.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

// Analyzer reports nothing, requires nothing and exports no facts; its
// fact type only selects the driver's load mode.
var Analyzer = &analysis.Analyzer{
	Name:      "noop",
	Doc:       "noop: do nothing (the baseline of tracewire's benchmark)",
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
	FactTypes: []analysis.Fact{new(fact)},
}

// fact is never exported.
type fact struct{}

func (*fact) AFact() {}

func main() { multichecker.Main(Analyzer) }

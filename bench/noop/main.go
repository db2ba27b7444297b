// Command noop is the baseline of tracewire's benchmark (bench/run.sh): a
// multichecker with one analyzer that does nothing. It runs the same driver
// as cmd/tracewire, so timing both over the same packages separates the cost
// of tracewire's analyzers from the cost of loading and type-checking.
//
// The load mode depends on the analyzers: the checker loads syntax for every
// dependency when some analyzer (or one it requires) declares FactTypes, and
// only for the named packages otherwise. tracewire's analyzers declare
// neither Requires nor FactTypes, so neither does noop. If that changes,
// mirror it here (a FactType of noop's own is enough to switch the load
// mode); noop_test.go fails until then.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

// Analyzer reports nothing and requires nothing.
var Analyzer = &analysis.Analyzer{
	Name: "noop",
	Doc:  "noop: do nothing (the baseline of tracewire's benchmark)",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { multichecker.Main(Analyzer) }

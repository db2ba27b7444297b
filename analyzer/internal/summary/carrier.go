package summary

import (
	"fmt"
	"go/types"
	"path/filepath"

	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer/internal/facts"
	"github.com/tracewire/tracewire/analyzer/internal/wiring"
)

// carrierFacts exports a facts.Carrier about each carrier type of the
// package whose Set only appends, and returns those of the package and its
// dependencies. A package that is not Relevant has no Inject to judge and
// costs nothing here.
func carrierFacts(pass *analysis.Pass, res *Result) map[*types.TypeName]*facts.Carrier {
	if !res.Relevant() {
		return nil
	}
	var out map[*types.TypeName]*facts.Carrier
	add := func(tn *types.TypeName, f *facts.Carrier) {
		if out == nil {
			out = map[*types.TypeName]*facts.Carrier{}
		}
		out[tn] = f
	}
	for _, of := range pass.AllObjectFacts() {
		if f, ok := of.Fact.(*facts.Carrier); ok {
			if tn, ok := of.Object.(*types.TypeName); ok {
				add(tn, f)
			}
		}
	}
	for _, c := range wiring.Find(pass.TypesInfo, pass.Files) {
		if c.Append == nil {
			continue
		}
		pos := pass.Fset.Position(c.Set.Pos())
		f := &facts.Carrier{AppendOnly: true, SetAt: fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)}
		pass.ExportObjectFact(c.Named.Obj(), f)
		add(c.Named.Obj(), f)
	}
	return out
}

// Carrier returns the facts about the carrier type tn, of this package or
// a dependency, or nil.
func (r *Result) Carrier(tn *types.TypeName) *facts.Carrier {
	if r == nil {
		return nil
	}
	return r.carriers[tn]
}

// CarrierImports reports whether the package or a dependency has a
// carrier type whose Set only appends.
func (r *Result) CarrierImports() bool { return r != nil && len(r.carriers) > 0 }

package carriercheck

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/tracewire/tracewire/analyzer/internal/flow"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/otelapi"
	"github.com/tracewire/tracewire/analyzer/internal/propagate"
	"github.com/tracewire/tracewire/analyzer/internal/report"
)

// checkNilMaps reports an injection into the header map of a message that
// is still nil there: the message is a literal that gives it no headers
// (&nats.Msg{Subject: s, Data: d}), and nothing writes them or is handed
// the message before the Inject. A carrier's Set writes into the map
// (propagation.HeaderCarrier's Set is http.Header's), which panics on a
// nil map; propagators call Set only for a valid span context, so the
// program runs until tracing is on, then crashes at the send.
func checkNilMaps(r *report.Reporter, info *types.Info, j *propagate.Judge, u *flow.Unit, names *report.Names) {
	for _, call := range u.Calls {
		if otelapi.Classify(info, call) != otelapi.Inject || len(call.Args) != 2 {
			continue
		}
		v, desc, sel := j.HeadersOf(call.Args[1])
		if v == nil || knowledge.CodecOf(desc).Shape() == knowledge.ShapeRecords {
			continue
		}
		lit := nilHeaders(info, j, u, v, desc, call)
		if lit == nil {
			continue
		}
		h := types.ExprString(sel)
		msg := fmt.Sprintf("%s is nil here: the carrier's Set writes into it and panics (assignment to entry in nil map) once a span is valid, so the send crashes when tracing is on; give %s a header map before injecting",
			h, v.Name())
		r.Report(call, msg, nilMapFix(r, info, lit, desc, sel, names))
	}
}

// nilHeaders returns the literal defining v when v's headers are nil at
// call: v is defined once, by a literal that sets no headers (or sets them
// to nil), before call, and no alias of v has its headers written, or is
// handed to a call, between the two. Otherwise nil.
func nilHeaders(info *types.Info, j *propagate.Judge, u *flow.Unit, v *types.Var, desc *knowledge.Message, call *ast.CallExpr) *ast.CompositeLit {
	defs := u.Defs[v]
	if len(defs) != 1 || defs[0].Kind != flow.Assign || defs[0].RHS == nil || defs[0].RHS.End() > call.Pos() {
		return nil
	}
	lit := report.CompositeLit(defs[0].RHS)
	if lit == nil || !report.Keyed(lit) {
		return nil
	}
	if hv := report.FieldValue(lit, desc.HeaderField); hv != nil {
		if tv, ok := info.Types[hv]; !ok || !tv.IsNil() {
			return nil
		}
	}
	aliases := u.Aliases(v)
	if len(aliases) != 1 {
		return nil // copies and pointers elsewhere: not followed
	}
	for _, w := range u.Writes[v] {
		if w.Pos < call.Pos() {
			return nil // a write into the message before: perhaps its headers
		}
	}
	for _, c := range u.Calls {
		if c == call || c.Pos() <= lit.End() || c.Pos() >= call.Pos() {
			continue
		}
		if j.Passes(c, aliases) {
			return nil // handed to code that may give it headers
		}
	}
	return lit
}

// nilMapFix gives the literal its header map (Header: nats.Header{}).
func nilMapFix(r *report.Reporter, info *types.Info, lit *ast.CompositeLit, desc *knowledge.Message, sel *ast.SelectorExpr, names *report.Names) *report.Fix {
	ht, _ := knowledge.HeaderTypes(desc, info.TypeOf(sel.X))
	if ht == nil {
		return nil
	}
	f := r.NewFix("Give the message a header map", lit.Pos(), names)
	typ := report.HeaderType(f, ht)
	if hv := report.FieldValue(lit, desc.HeaderField); hv != nil {
		f.Replace(hv, typ+"{}")
		return f
	}
	at, text := report.NewField(lit, desc.HeaderField+": "+typ+"{}")
	f.InsertAt(at, text)
	return f
}

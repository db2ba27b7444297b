package flow

import (
	"go/ast"

	"golang.org/x/tools/go/ssa"
)

// Value returns the SSA value the expression e denotes, or nil (no SSA
// form, a constant, dead code). Two expressions with the same Value hold
// the same value on every path: the same definition reaches both.
func (p *Program) Value(e ast.Expr) ssa.Value { return p.value(e) }

// Before reports whether pt and q lie in one basic block with pt first:
// each time the block runs, pt runs before q, with no jump between them.
func (pt Point) Before(q Point) bool {
	return pt.Valid() && pt.block == q.block && pt.i < q.i
}

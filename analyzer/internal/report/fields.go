package report

import (
	"go/ast"
	"go/token"
	"go/types"
)

// HeaderType spells the header type for a composite literal. A map
// type of a package the file does not import (nats.Header in a package
// that sends through a wrapper) is spelled as its underlying map type,
// which is assignable to it, rather than adding an import.
func HeaderType(f *Fix, t types.Type) string {
	self := f.r.pass.Pkg
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg() != self && !f.Imports(n.Obj().Pkg().Path()) {
		if m, ok := n.Underlying().(*types.Map); ok && basicOnly(m) {
			return types.TypeString(m, nil)
		}
	}
	return f.Type(t)
}

// basicOnly reports whether a type names no package: it is spelled the
// same everywhere.
func basicOnly(t types.Type) bool {
	switch u := t.(type) {
	case *types.Basic:
		return true
	case *types.Map:
		return basicOnly(u.Key()) && basicOnly(u.Elem())
	case *types.Slice:
		return basicOnly(u.Elem())
	case *types.Interface:
		return u.Empty()
	}
	return false
}

// CompositeLit returns the composite literal e is (T{...} or &T{...}), or
// nil.
func CompositeLit(e ast.Expr) *ast.CompositeLit {
	lit, _ := derefAddr(e).(*ast.CompositeLit)
	return lit
}

// FieldValue returns the value a keyed literal gives field, or nil.
func FieldValue(lit *ast.CompositeLit, field string) ast.Expr {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == field {
				return kv.Value
			}
		}
	}
	return nil
}

// Keyed reports whether every element of lit has a key (an element can be
// added).
func Keyed(lit *ast.CompositeLit) bool {
	for _, el := range lit.Elts {
		if _, ok := el.(*ast.KeyValueExpr); !ok {
			return false
		}
	}
	return true
}

// Allocates reports whether e is a map literal or make(...): never nil.
func Allocates(info *types.Info, e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		id, ok := ast.Unparen(x.Fun).(*ast.Ident)
		b, isBuiltin := info.Uses[id].(*types.Builtin)
		return ok && isBuiltin && b.Name() == "make"
	}
	return false
}

// NewField returns where and what to insert into a keyed literal to add
// the element kv ("Header: nats.Header{}").
func NewField(lit *ast.CompositeLit, kv string) (token.Pos, string) {
	if n := len(lit.Elts); n > 0 {
		return lit.Elts[n-1].End(), ", " + kv
	}
	return lit.Lbrace + 1, kv
}

// derefAddr strips a leading &.
func derefAddr(e ast.Expr) ast.Expr {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		return u.X
	}
	return e
}

// Package wiring recognises the program's own propagation.TextMapCarrier
// implementations and the shape of their Set methods, for carriercheck
// and for the fact analyzer (facts.Carrier).
package wiring

import (
	"go/ast"
	"go/types"
)

// A Carrier is a type of the package with the methods of
// propagation.TextMapCarrier.
type Carrier struct {
	Named *types.Named
	Keys  *ast.FuncDecl
	Set   *ast.FuncDecl
	// Append is the append of an append-only Set (headers =
	// append(headers, ...)), or nil; Headers is the slice it appends to,
	// MapBase the map a Set writes (m[k] = v), or nil.
	Append  *ast.AssignStmt
	Headers ast.Expr
	MapBase ast.Expr
}

// Find returns the carrier types declared in files, in source order.
func Find(info *types.Info, files []*ast.File) []*Carrier {
	methods := map[*types.Named]map[string]*ast.FuncDecl{}
	var order []*types.Named
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Body == nil {
				continue
			}
			switch fd.Name.Name {
			case "Get", "Set", "Keys":
			default:
				continue
			}
			fn, ok := info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			rt := fn.Type().(*types.Signature).Recv().Type()
			if p, ok := rt.(*types.Pointer); ok {
				rt = p.Elem()
			}
			named, ok := types.Unalias(rt).(*types.Named)
			if !ok {
				continue
			}
			if methods[named] == nil {
				methods[named] = map[string]*ast.FuncDecl{}
				order = append(order, named)
			}
			methods[named][fd.Name.Name] = fd
		}
	}
	var out []*Carrier
	for _, named := range order {
		m := methods[named]
		if m["Get"] == nil || m["Set"] == nil || m["Keys"] == nil || !carrierMethods(info, m) {
			continue
		}
		c := &Carrier{Named: named, Keys: m["Keys"], Set: m["Set"]}
		c.Append, c.Headers, c.MapBase = setShape(info, c.Set)
		out = append(out, c)
	}
	return out
}

// carrierMethods reports whether Get, Set and Keys have the signatures of
// propagation.TextMapCarrier's.
func carrierMethods(info *types.Info, m map[string]*ast.FuncDecl) bool {
	str := types.Typ[types.String]
	sig := func(name string) *types.Signature {
		fn, _ := info.Defs[m[name].Name].(*types.Func)
		if fn == nil {
			return nil
		}
		return fn.Type().(*types.Signature)
	}
	is := types.Identical
	g, s, k := sig("Get"), sig("Set"), sig("Keys")
	return g != nil && s != nil && k != nil &&
		g.Params().Len() == 1 && is(g.Params().At(0).Type(), str) && g.Results().Len() == 1 && is(g.Results().At(0).Type(), str) &&
		s.Params().Len() == 2 && is(s.Params().At(0).Type(), str) && is(s.Params().At(1).Type(), str) && s.Results().Len() == 0 &&
		k.Params().Len() == 0 && k.Results().Len() == 1 && is(k.Results().At(0).Type(), types.NewSlice(str))
}

// setShape classifies a Set method: an append-only Set (one statement
// headers = append(headers, ...), no loop, and no call but append and
// conversions) returns that statement and headers; a Set writing a map
// (m[key] = value) returns the map.
func setShape(info *types.Info, fd *ast.FuncDecl) (*ast.AssignStmt, ast.Expr, ast.Expr) {
	var appends []*ast.AssignStmt
	var mapBase ast.Expr
	other := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			other = true
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				if ix, ok := ast.Unparen(n.Lhs[0]).(*ast.IndexExpr); ok {
					if _, isMap := info.TypeOf(ix.X).Underlying().(*types.Map); isMap {
						mapBase = ix.X
					}
				}
				if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok && IsBuiltin(info, call, "append") && len(call.Args) > 0 &&
					types.ExprString(call.Args[0]) == types.ExprString(n.Lhs[0]) {
					appends = append(appends, n)
				}
			}
		case *ast.CallExpr:
			if tv, ok := info.Types[n.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
				return true
			}
			other = true
		}
		return true
	})
	if mapBase != nil {
		return nil, nil, mapBase
	}
	if len(appends) != 1 || other {
		return nil, nil, nil
	}
	return appends[0], appends[0].Lhs[0], nil
}

// IsBuiltin reports whether call calls the builtin name.
func IsBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

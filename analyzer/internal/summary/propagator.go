package summary

import (
	"go/ast"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/tracewire/tracewire/analyzer/internal/facts"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
)

// propagatorFact computes what the package and the packages it links know
// about OpenTelemetry's global propagator, and exports it (facts.Propagator)
// when it records anything, so that a main package learns about its whole
// dependency graph from its direct imports. It runs before the early exit:
// a package that merely imports one that uses the propagator passes the
// fact on. For a package that imports neither OpenTelemetry's otel package
// nor instrumentation of knowledge.PropagatorDefaults it costs a fact
// lookup per import.
func propagatorFact(pass *analysis.Pass, table *knowledge.Table) facts.Propagator {
	var p facts.Propagator
	if table.ImportsPropagatorUser(pass.Pkg) {
		p = ownPropagatorUse(pass, table)
	}
	imps := pass.Pkg.Imports()
	if len(imps) > 1 {
		imps = append([]*types.Package(nil), imps...)
		sort.Slice(imps, func(i, j int) bool { return imps[i].Path() < imps[j].Path() })
	}
	for _, imp := range imps {
		var q facts.Propagator
		if pass.ImportPackageFact(imp, &q) {
			p.Merge(&q)
		}
	}
	if !p.Empty() {
		fact := p
		pass.ExportPackageFact(&fact)
	}
	return p
}

// ownPropagatorUse finds the first function of the package (in source
// order) that uses the global propagator, and the first that may set it.
//
// A use is a reference to otel.GetTextMapPropagator outside OpenTelemetry
// and the instrumentation libraries, or a call of instrumentation that
// defaults to the global propagator (knowledge.PropagatorDefaults) whose
// options are all seen and none gives a propagator. A set is any reference
// to otel.SetTextMapPropagator: a function value may be called.
func ownPropagatorUse(pass *analysis.Pass, table *knowledge.Table) facts.Propagator {
	var p facts.Propagator
	path := pass.Pkg.Path()
	gp := knowledge.GlobalPropagator
	lib := knowledge.IsPropagatorLib(path)
	info := pass.TypesInfo
	visit := func(name string, root ast.Node) {
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				fn, ok := info.Uses[n].(*types.Func)
				if !ok || fn.Pkg() == nil || fn.Pkg().Path() != gp.Pkg || path == gp.Pkg {
					return true
				}
				switch fn.Name() {
				case gp.Get:
					if !lib && !p.Uses() {
						p.UsePkg, p.UseFunc = path, name
					}
				case gp.Set:
					if !p.Sets() {
						p.SetPkg, p.SetFunc = path, name
					}
				}
			case *ast.CallExpr:
				if !lib && !p.Uses() {
					if via := defaultsToGlobal(info, table, n); via != "" {
						p.UsePkg, p.UseFunc, p.UseVia = path, name, via
					}
				}
			}
			return true
		})
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				visit(funcName(d), d)
			case *ast.GenDecl:
				visit("init", d) // package-level initializers run before main
			}
		}
	}
	return p
}

// defaultsToGlobal reports whether call builds instrumentation that
// propagates through the global propagator, and returns that function
// ("otelgrpc.NewClientHandler"), or "": a function of
// knowledge.PropagatorDefaults whose variadic options are all calls of the
// library's own option functions, none of them its propagator option with
// a non-nil argument. Options the analysis cannot see (a variable, a
// spread slice, an option built elsewhere) may give a propagator: the call
// does not count.
func defaultsToGlobal(info *types.Info, table *knowledge.Table, call *ast.CallExpr) string {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	d, ok := table.PropagatorDefault(fn)
	if !ok {
		return ""
	}
	via := fn.Pkg().Name() + "." + fn.Name()
	sig := fn.Type().(*types.Signature)
	if !sig.Variadic() {
		return via
	}
	if call.Ellipsis.IsValid() {
		return ""
	}
	for _, arg := range call.Args[min(sig.Params().Len()-1, len(call.Args)):] {
		oc, ok := ast.Unparen(arg).(*ast.CallExpr)
		if !ok {
			return ""
		}
		opt, _ := typeutil.Callee(info, oc).(*types.Func)
		if opt == nil || opt.Pkg() == nil || opt.Pkg().Path() != d.Pkg {
			return ""
		}
		if d.PropagatorOption(opt) {
			if len(oc.Args) == 1 {
				if tv, ok := info.Types[oc.Args[0]]; ok && tv.IsNil() {
					continue // no propagator: the default stays
				}
			}
			return ""
		}
	}
	return via
}

// funcName names a declared function for evidence: F, or T.M for a method.
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.ParenExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		}
		break
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

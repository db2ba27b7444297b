package knowledge_test

import (
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
)

// TestTableMatchesRealAPIs loads the pinned client modules (testdata/mod)
// and checks that every function, method, message type and header field the
// table names exists with the expected shape. A typo in the table would
// otherwise silently disable a check.
func TestTableMatchesRealAPIs(t *testing.T) {
	var paths []string
	for _, c := range knowledge.Clients {
		paths = append(paths, c.Pkgs...)
	}
	paths = append(paths, "github.com/twmb/franz-go/plugin/kotel")
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps,
		Dir:  filepath.Join("..", "..", "..", "testdata", "mod"),
		Env:  append(os.Environ(), "GOPROXY=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*types.Package{}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("%s: %v", p.PkgPath, p.Errors)
		}
		byPath[p.PkgPath] = p.Types
	}
	for _, c := range knowledge.Clients {
		for _, s := range c.Sends {
			fn := lookup(t, byPath, s.Func)
			if fn == nil {
				continue
			}
			params := fn.Type().(*types.Signature).Params()
			if s.Arg >= params.Len() {
				t.Errorf("%s: no parameter %d", s.Func, s.Arg)
				continue
			}
			pt := params.At(s.Arg).Type()
			if s.Slice || s.Variadic {
				sl, ok := pt.(*types.Slice)
				if !ok {
					t.Errorf("%s: parameter %d is %s, not a slice", s.Func, s.Arg, pt)
					continue
				}
				pt = sl.Elem()
			}
			if m := knowledge.Default.Message(pt); m == nil || !m.Produced {
				t.Errorf("%s: parameter %d (%s) is not a produced message type of the table", s.Func, s.Arg, pt)
			}
		}
		for _, s := range c.SendChans {
			fn := lookup(t, byPath, s.Func)
			if fn == nil {
				continue
			}
			res := fn.Type().(*types.Signature).Results()
			ch, ok := res.At(0).Type().(*types.Chan)
			if res.Len() != 1 || !ok || ch.Dir() == types.RecvOnly {
				t.Errorf("%s: does not return a channel one can send on", s.Func)
				continue
			}
			if m := knowledge.Default.Message(ch.Elem()); m == nil || !m.Produced {
				t.Errorf("%s: channel element %s is not a produced message type", s.Func, ch.Elem())
			}
		}
		for _, r := range c.Receives {
			lookup(t, byPath, r)
		}
		for _, s := range c.Sends {
			if s.Callback == 0 {
				continue
			}
			fn := lookup(t, byPath, s.Func)
			if fn == nil {
				continue
			}
			params := fn.Type().(*types.Signature).Params()
			cb, ok := params.At(s.Callback).Type().(*types.Signature)
			if !ok || cb.Params().Len() == 0 || knowledge.Default.Message(cb.Params().At(0).Type()) == nil {
				t.Errorf("%s: parameter %d is not a callback taking a message", s.Func, s.Callback)
			}
			if s.Hooked && !isContext(params.At(s.Ctx).Type()) {
				t.Errorf("%s: parameter %d is not a context", s.Func, s.Ctx)
			}
		}
		for _, name := range c.Containers {
			if typeNamed(t, byPath, name) == nil {
				t.Errorf("container %s does not exist", name)
			}
		}
		if h := c.Hooks; h != nil {
			for _, list := range [][]string{h.Clients, h.Options, h.TracingTypes} {
				for _, name := range list {
					if typeNamed(t, byPath, name) == nil {
						t.Errorf("hook type %s does not exist", name)
					}
				}
			}
			for _, list := range [][]string{h.New, h.TracingFuncs} {
				for _, name := range list {
					dot := strings.LastIndexByte(name, '.')
					pkg := byPath[name[:dot]]
					if pkg == nil {
						t.Errorf("%s: package not loaded", name)
						continue
					}
					if _, ok := pkg.Scope().Lookup(name[dot+1:]).(*types.Func); !ok {
						t.Errorf("function %s does not exist", name)
					}
				}
			}
		}
		for _, m := range c.Messages {
			pkg := byPath[m.Pkg]
			if pkg == nil {
				t.Errorf("message %s.%s: package not loaded", m.Pkg, m.Name)
				continue
			}
			obj, _ := pkg.Scope().Lookup(m.Name).(*types.TypeName)
			if obj == nil {
				t.Errorf("message type %s.%s does not exist", m.Pkg, m.Name)
				continue
			}
			f, _, _ := types.LookupFieldOrMethod(obj.Type(), false, pkg, m.HeaderField)
			field, ok := f.(*types.Var)
			if !ok {
				t.Errorf("%s.%s has no field %s", m.Pkg, m.Name, m.HeaderField)
				continue
			}
			sl, ok := field.Type().(*types.Slice)
			if !ok {
				t.Errorf("%s.%s.%s is not a slice", m.Pkg, m.Name, m.HeaderField)
				continue
			}
			elem := sl.Elem()
			if p, ok := elem.(*types.Pointer); ok {
				elem = p.Elem()
			}
			named, ok := types.Unalias(elem).(*types.Named)
			if !ok || named.Obj().Name() != m.HeaderType {
				t.Errorf("%s.%s.%s elements are %s, table says %s", m.Pkg, m.Name, m.HeaderField, elem, m.HeaderType)
				continue
			}
			if m.ContextField != "" {
				cf, _, _ := types.LookupFieldOrMethod(obj.Type(), false, pkg, m.ContextField)
				if v, ok := cf.(*types.Var); !ok || !isContext(v.Type()) {
					t.Errorf("%s.%s has no context field %s", m.Pkg, m.Name, m.ContextField)
				}
			}
			key, _, _ := types.LookupFieldOrMethod(named, false, pkg, "Key")
			isBytes := key != nil && types.Identical(key.Type(), types.NewSlice(types.Typ[types.Byte]))
			if isBytes != m.KeyIsBytes {
				t.Errorf("%s.%s: header Key is %s, table says KeyIsBytes=%v", m.Pkg, m.HeaderType, key.Type(), m.KeyIsBytes)
			}
		}
	}
}

func TestExtractorsMatchRealAPIs(t *testing.T) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps,
		Dir:  filepath.Join("..", "..", "..", "testdata", "mod"),
		Env:  append(os.Environ(), "GOPROXY=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, "github.com/twmb/franz-go/plugin/kotel")
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*types.Package{}
	packages.Visit(pkgs, nil, func(p *packages.Package) { byPath[p.PkgPath] = p.Types })
	for _, e := range knowledge.Extractors {
		fn := lookup(t, byPath, e.Func)
		if fn == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if e.Arg >= sig.Params().Len() || knowledge.Default.Message(sig.Params().At(e.Arg).Type()) == nil {
			t.Errorf("%s: parameter %d is not a message", e.Func, e.Arg)
		}
		if sig.Results().Len() == 0 || !isContext(sig.Results().At(0).Type()) {
			t.Errorf("%s: does not return a context first", e.Func)
		}
	}
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

func typeNamed(t *testing.T, byPath map[string]*types.Package, name string) *types.TypeName {
	t.Helper()
	dot := strings.LastIndexByte(name, '.')
	pkg := byPath[name[:dot]]
	if pkg == nil {
		t.Errorf("%s: package not loaded", name)
		return nil
	}
	tn, _ := pkg.Scope().Lookup(name[dot+1:]).(*types.TypeName)
	return tn
}

// lookup resolves a (*types.Func).FullName such as
// "(*example.com/p.T).M" or "(example.com/p.I).M" in the loaded packages.
func lookup(t *testing.T, byPath map[string]*types.Package, full string) *types.Func {
	t.Helper()
	recv, method, ok := strings.Cut(strings.TrimPrefix(full, "("), ").")
	if !ok {
		t.Errorf("%s: not a method name", full)
		return nil
	}
	ptr := strings.HasPrefix(recv, "*")
	recv = strings.TrimPrefix(recv, "*")
	dot := strings.LastIndexByte(recv, '.')
	pkg := byPath[recv[:dot]]
	if pkg == nil {
		t.Errorf("%s: package %s not loaded", full, recv[:dot])
		return nil
	}
	obj, _ := pkg.Scope().Lookup(recv[dot+1:]).(*types.TypeName)
	if obj == nil {
		t.Errorf("%s: type %s does not exist", full, recv)
		return nil
	}
	fn, _, _ := types.LookupFieldOrMethod(obj.Type(), ptr, pkg, method)
	f, ok := fn.(*types.Func)
	if !ok {
		t.Errorf("%s: method does not exist", full)
		return nil
	}
	if f.FullName() != full {
		t.Errorf("table names %s, real method is %s", full, f.FullName())
	}
	return f
}

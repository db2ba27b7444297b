package knowledge_test

import (
	"go/types"
	"os"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/testmods"
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
	byPath := loadPinned(t, paths...)
	for _, c := range knowledge.Clients {
		for _, s := range c.Sends {
			if s.Bare != nil {
				continue // no message: checkReroute
			}
			fn := lookup(t, byPath, s.Func)
			if fn == nil {
				continue
			}
			params := fn.Type().(*types.Signature).Params()
			if s.Arg >= params.Len() {
				t.Errorf("%s: no parameter %d", s.Func, s.Arg)
				continue
			}
			if (s.Traced || s.Hooked) && (s.Ctx >= params.Len() || !isContext(params.At(s.Ctx).Type())) {
				t.Errorf("%s: parameter %d is not a context", s.Func, s.Ctx)
			}
			if (s.Traced || s.Hooked) && s.Injector == "" {
				t.Errorf("%s: no Injector names what injects its context", s.Func)
			}
			pt := params.At(s.Arg).Type()
			if s.Field != "" {
				obj, _, _ := types.LookupFieldOrMethod(pt, true, nil, s.Field)
				f, ok := obj.(*types.Var)
				if !ok || !f.IsField() {
					t.Errorf("%s: parameter %d (%s) has no field %s", s.Func, s.Arg, pt, s.Field)
					continue
				}
				pt = f.Type()
			}
			if s.Slice || s.Variadic || s.Field != "" {
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
		for _, r := range c.AttributeRequests {
			pt := paramType(t, byPath, r.Func, r.Arg)
			if pt == nil {
				continue
			}
			for _, f := range append([]string{r.Field}, r.Others...) {
				v, _, _ := types.LookupFieldOrMethod(pt, true, nil, f)
				if fv, ok := v.(*types.Var); !ok || !fv.IsField() {
					t.Errorf("%s: its input has no field %s", r.Func, f)
				}
			}
			if v, _, _ := types.LookupFieldOrMethod(pt, true, nil, r.Field); v != nil && !types.Identical(v.Type(), types.NewSlice(types.Typ[types.String])) {
				t.Errorf("%s: field %s is %s, not []string", r.Func, r.Field, v.Type())
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
			for _, d := range h.Derive {
				fn := lookup(t, byPath, d)
				if fn == nil {
					continue
				}
				if res := fn.Type().(*types.Signature).Results(); res.Len() == 0 || !knowledge.Default.HookedClient(res.At(0).Type()) {
					t.Errorf("%s: does not return a hooked client", d)
				}
			}
			for _, f := range h.TracingFields {
				var st *types.Struct
				if tn := typeNamed(t, byPath, f.Type); tn != nil {
					st, _ = tn.Type().Underlying().(*types.Struct)
				}
				found := false
				for i := 0; st != nil && i < st.NumFields(); i++ {
					if b, ok := st.Field(i).Type().(*types.Basic); ok && st.Field(i).Name() == f.Field && b.Kind() == types.Bool {
						found = true
					}
				}
				if !found {
					t.Errorf("%s has no bool field %s", f.Type, f.Field)
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
			if (m.HeaderField == "") == (m.HeaderAccessor == "") {
				t.Errorf("%s.%s: set exactly one of HeaderField and HeaderAccessor", m.Pkg, m.Name)
				continue
			}
			headers, _ := knowledge.HeaderTypes(&m, obj.Type())
			if headers == nil {
				t.Errorf("%s.%s has no header field %q or accessor %q", m.Pkg, m.Name, m.HeaderField, m.HeaderAccessor)
				continue
			}
			if err := checkShape(m, headers); err != "" {
				t.Errorf("%s.%s: headers of type %s: %s", m.Pkg, m.Name, headers, err)
			}
			for _, f := range m.Body {
				if v, _, _ := types.LookupFieldOrMethod(obj.Type(), true, nil, f); v == nil {
					t.Errorf("%s.%s has no body field %s", m.Pkg, m.Name, f)
				}
			}
			for _, name := range m.Constructors {
				dot := strings.LastIndexByte(name, '.')
				fn, _ := byPath[name[:dot]].Scope().Lookup(name[dot+1:]).(*types.Func)
				if fn == nil {
					t.Errorf("constructor %s does not exist", name)
				} else if res := fn.Type().(*types.Signature).Results(); res.Len() != 1 || knowledge.Default.Message(res.At(0).Type()) != knowledge.Default.Message(obj.Type()) {
					t.Errorf("constructor %s does not return a %s.%s", name, m.Pkg, m.Name)
				}
			}
			if m.ContextField != "" {
				cf, _, _ := types.LookupFieldOrMethod(obj.Type(), false, pkg, m.ContextField)
				if v, ok := cf.(*types.Var); !ok || !isContext(v.Type()) {
					t.Errorf("%s.%s has no context field %s", m.Pkg, m.Name, m.ContextField)
				}
			}
		}
		for _, r := range c.ReceiveChans {
			pt := paramType(t, byPath, r.Func, r.Arg)
			if pt == nil {
				continue
			}
			ch, ok := pt.Underlying().(*types.Chan)
			if !ok || knowledge.Default.Message(ch.Elem()) == nil || !knowledge.Default.Message(ch.Elem()).Consumed {
				t.Errorf("%s: parameter %d is not a channel of consumed messages", r.Func, r.Arg)
			}
		}
		for _, r := range c.ReceiveCallbacks {
			pt := paramType(t, byPath, r.Func, r.Arg)
			if pt == nil {
				continue
			}
			cb, ok := pt.Underlying().(*types.Signature)
			takes, ctx := false, false
			for i := 0; ok && i < cb.Params().Len(); i++ {
				pt := cb.Params().At(i).Type()
				if m := knowledge.Default.Message(pt); m != nil && m.Consumed {
					takes = true
				}
				ctx = ctx || isContext(pt)
			}
			if !takes {
				t.Errorf("%s: parameter %d is not a callback taking a consumed message", r.Func, r.Arg)
			}
			if r.Extracted && !ctx {
				t.Errorf("%s: Extracted, but the callback takes no context", r.Func)
			}
		}
		for _, s := range c.Sends {
			if s.Bare != nil {
				checkReroute(t, byPath, s)
			}
		}
	}
}

// checkShape checks the header type against the codec the table names:
// the codec itself says whether the type fits (with the entry's
// KeyIsBytes), as it does for the bus configuration.
func checkShape(m knowledge.Message, headers types.Type) string {
	if m.Shape != "" {
		if err := knowledge.ValidShape(m.Shape); err != nil {
			return err.Error()
		}
	}
	return knowledge.CodecOf(&m).Fits(headers, m.KeyIsBytes)
}

// checkReroute checks a send that cannot carry headers against the variant
// its fix calls: the variant exists on the same receiver, the message type
// has the fields set, with the types of the arguments they are set from,
// and the variant's arguments are the call's, with the message in place.
func checkReroute(t *testing.T, byPath map[string]*types.Package, s knowledge.Send) {
	t.Helper()
	fn := lookup(t, byPath, s.Func)
	if fn == nil {
		return
	}
	sig := fn.Type().(*types.Signature)
	r := s.Bare
	variant, _, _ := types.LookupFieldOrMethod(sig.Recv().Type(), true, fn.Pkg(), r.Method)
	vfn, ok := variant.(*types.Func)
	if !ok {
		t.Errorf("%s: no variant %s on its receiver", s.Func, r.Method)
		return
	}
	tn := typeNamed(t, byPath, r.Msg)
	if tn == nil {
		t.Errorf("%s: message type %s does not exist", s.Func, r.Msg)
		return
	}
	msgT := tn.Type()
	msgType := msgT
	if r.Pointer {
		msgType = types.NewPointer(msgType)
	}
	if d := knowledge.Default.Message(msgType); d == nil || !d.Produced {
		t.Errorf("%s: %s is not a produced message of the table", s.Func, r.Msg)
	}
	for _, af := range r.Fields {
		fv, _, _ := types.LookupFieldOrMethod(msgT, false, nil, af.Field)
		v, ok := fv.(*types.Var)
		if !ok || af.Arg >= sig.Params().Len() || !types.AssignableTo(sig.Params().At(af.Arg).Type(), v.Type()) {
			t.Errorf("%s: argument %d does not fit field %s of %s", s.Func, af.Arg, af.Field, r.Msg)
		}
	}
	vsig := vfn.Type().(*types.Signature)
	args := strings.Split(r.Args, ", ")
	if len(args) != vsig.Params().Len() {
		t.Errorf("%s: %s takes %d arguments, Args spells %d", s.Func, r.Method, vsig.Params().Len(), len(args))
		return
	}
	for i, a := range args {
		want := vsig.Params().At(i).Type()
		var got types.Type
		switch {
		case a == "$msg":
			got = msgType
		case strings.HasSuffix(a, "..."):
			n, _ := strconv.Atoi(strings.TrimSuffix(a[1:], "..."))
			if !sig.Variadic() || n != sig.Params().Len()-1 || !vsig.Variadic() || i != len(args)-1 {
				t.Errorf("%s: %s is not the variadic tail of both", s.Func, a)
				continue
			}
			got = sig.Params().At(n).Type()
		default:
			n, err := strconv.Atoi(a[1:])
			if err != nil || n >= sig.Params().Len() {
				t.Errorf("%s: bad argument %q", s.Func, a)
				continue
			}
			got = sig.Params().At(n).Type()
		}
		if !types.Identical(got, want) && !types.AssignableTo(got, want) {
			t.Errorf("%s: argument %s of %s is %s, %s takes %s", s.Func, a, r.Method, got, r.Method, want)
		}
	}
	if !types.Identical(sig.Results(), vsig.Results()) {
		t.Errorf("%s: returns %s, %s returns %s: the rerouted call would not fit where the call was", s.Func, sig.Results(), r.Method, vsig.Results())
	}
}

// loadPinned loads paths, each from the pinned module that provides it,
// and returns every package loaded (dependencies too) by path. It fails t
// for a path no pinned module loads without errors.
func loadPinned(t *testing.T, paths ...string) map[string]*types.Package {
	t.Helper()
	byPath := map[string]*types.Package{}
	loaded := map[string]bool{}
	problems := map[string][]packages.Error{}
	for _, mod := range testmods.Pinned {
		cfg := &packages.Config{
			Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps,
			Dir:  testmods.Dir(mod),
			Env:  append(os.Environ(), "GOPROXY=off", "GOWORK=off"),
		}
		pkgs, err := packages.Load(cfg, paths...)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pkgs {
			if len(p.Errors) > 0 {
				problems[p.PkgPath] = append(problems[p.PkgPath], p.Errors...)
				continue
			}
			loaded[p.PkgPath] = true
		}
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			if len(p.Errors) == 0 && byPath[p.PkgPath] == nil {
				byPath[p.PkgPath] = p.Types
			}
		})
	}
	for _, path := range paths {
		if !loaded[path] {
			t.Fatalf("%s: not loaded from any pinned module: %v", path, problems[path])
		}
	}
	return byPath
}

// loadFuncs loads the packages of the functions and methods named (by
// FullName) from the pinned modules and resolves each name; an entry is
// nil, and t failed, where one does not exist.
func loadFuncs(t *testing.T, names ...string) []*types.Func {
	t.Helper()
	var paths []string
	for _, n := range names {
		paths = append(paths, funcPackage(n))
	}
	byPath := loadPinned(t, paths...)
	fns := make([]*types.Func, len(names))
	for i, n := range names {
		fns[i] = lookupFunc(t, byPath, n)
	}
	return fns
}

func TestExtractorsMatchRealAPIs(t *testing.T) {
	var names []string
	for _, e := range knowledge.Extractors {
		names = append(names, e.Func)
	}
	for i, fn := range loadFuncs(t, names...) {
		e := knowledge.Extractors[i]
		if fn == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if e.Arg >= sig.Params().Len() {
			t.Errorf("%s: no parameter %d", e.Func, e.Arg)
			continue
		}
		pt := sig.Params().At(e.Arg).Type()
		switch {
		case e.Carrier && !types.IsInterface(pt):
			t.Errorf("%s: parameter %d (%s) takes no carrier of any type", e.Func, e.Arg, pt)
		case !e.Carrier && knowledge.Default.Message(pt) == nil:
			t.Errorf("%s: parameter %d is not a message", e.Func, e.Arg)
		}
		if sig.Results().Len() == 0 {
			t.Errorf("%s: returns nothing", e.Func)
			continue
		}
		first := sig.Results().At(0).Type()
		if e.SpanContext == isContext(first) {
			t.Errorf("%s: returns %s first, table says SpanContext=%v", e.Func, first, e.SpanContext)
		}
	}
}

func TestInjectorsMatchRealAPIs(t *testing.T) {
	var names []string
	for _, in := range knowledge.Injectors {
		names = append(names, in.Func)
	}
	for i, fn := range loadFuncs(t, names...) {
		in := knowledge.Injectors[i]
		if fn == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if in.Carrier >= sig.Params().Len() || !types.IsInterface(sig.Params().At(in.Carrier).Type()) {
			t.Errorf("%s: parameter %d takes no carrier of any type", in.Func, in.Carrier)
		}
	}
}

// TestNativeTracersMatchRealAPIs checks the names a fix through a native
// tracer spells: a map[string]string carrier type, SpanFromContext(ctx)
// returning (span, bool) whose span has a Context method, and an Inject
// returning an error.
func TestNativeTracersMatchRealAPIs(t *testing.T) {
	var paths []string
	for _, nt := range knowledge.NativeTracers {
		paths = append(paths, nt.Pkg)
	}
	byPath := loadPinned(t, paths...)
	for _, nt := range knowledge.NativeTracers {
		pkg := byPath[nt.Pkg]
		carrier, _ := pkg.Scope().Lookup(nt.Carrier).(*types.TypeName)
		if m, ok := carrierMap(carrier); !ok || !types.Identical(m.Key(), types.Typ[types.String]) || !types.Identical(m.Elem(), types.Typ[types.String]) {
			t.Errorf("%s.%s is not a map[string]string type", nt.Pkg, nt.Carrier)
		}
		if fn := lookupFunc(t, byPath, nt.Pkg+"."+nt.SpanFromContext); fn != nil {
			sig := fn.Type().(*types.Signature)
			res := sig.Results()
			if sig.Params().Len() != 1 || !isContext(sig.Params().At(0).Type()) || res.Len() != 2 || !types.Identical(res.At(1).Type(), types.Typ[types.Bool]) {
				t.Errorf("%s: is not func(context.Context) (span, bool)", fn.FullName())
			} else if obj, _, _ := types.LookupFieldOrMethod(res.At(0).Type(), true, pkg, "Context"); obj == nil {
				t.Errorf("%s: its span has no Context method", fn.FullName())
			}
		}
		if fn := lookupFunc(t, byPath, nt.Pkg+"."+nt.Inject); fn != nil {
			res := fn.Type().(*types.Signature).Results()
			if res.Len() != 1 || res.At(0).Type().String() != "error" {
				t.Errorf("%s: does not return just an error", fn.FullName())
			}
		}
	}
	// A package's tracer is the one it imports, else the one its contrib
	// imports belong to.
	byPath = loadPinned(t, "example.com/ddtw/producer/ddp", "example.com/ddtw/producer/ddv1p", "example.com/ddtw/producer/ddrawp", "example.com/ddtw/consumer/ddc")
	for path, want := range map[string]string{
		"example.com/ddtw/producer/ddp":    "github.com/DataDog/dd-trace-go/v2/ddtrace/tracer",
		"example.com/ddtw/producer/ddv1p":  "gopkg.in/DataDog/dd-trace-go.v1/ddtrace/tracer",
		"example.com/ddtw/producer/ddrawp": "github.com/DataDog/dd-trace-go/v2/ddtrace/tracer",
		"example.com/ddtw/consumer/ddc":    "github.com/DataDog/dd-trace-go/v2/ddtrace/tracer",
	} {
		nt := knowledge.Default.NativeTracerOf(byPath[path])
		if nt == nil || nt.Pkg != want {
			t.Errorf("NativeTracerOf(%s) = %v, want the tracer %s", path, nt, want)
		}
	}
}

func carrierMap(tn *types.TypeName) (*types.Map, bool) {
	if tn == nil {
		return nil, false
	}
	m, ok := tn.Type().Underlying().(*types.Map)
	return m, ok
}

// funcPackage returns the package path of a function or method FullName.
func funcPackage(full string) string {
	if recv, _, ok := strings.Cut(strings.TrimPrefix(full, "("), ")."); ok {
		recv = strings.TrimPrefix(recv, "*")
		return recv[:strings.LastIndexByte(recv, '.')]
	}
	return full[:strings.LastIndexByte(full, '.')]
}

// paramType returns the type of parameter arg of the function full,
// reporting a function or parameter that does not exist.
func paramType(t *testing.T, byPath map[string]*types.Package, full string, arg int) types.Type {
	t.Helper()
	fn := lookup(t, byPath, full)
	if fn == nil {
		return nil
	}
	params := fn.Type().(*types.Signature).Params()
	if arg >= params.Len() {
		t.Errorf("%s: no parameter %d", full, arg)
		return nil
	}
	return params.At(arg).Type()
}

// lookupFunc resolves a package-level function's or a method's FullName.
func lookupFunc(t *testing.T, byPath map[string]*types.Package, full string) *types.Func {
	t.Helper()
	if strings.HasPrefix(full, "(") {
		return lookup(t, byPath, full)
	}
	dot := strings.LastIndexByte(full, '.')
	pkg := byPath[full[:dot]]
	if pkg == nil {
		t.Errorf("%s: package not loaded", full)
		return nil
	}
	fn, _ := pkg.Scope().Lookup(full[dot+1:]).(*types.Func)
	if fn == nil {
		t.Errorf("function %s does not exist", full)
	}
	return fn
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

package knowledge_test

import (
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
)

// unpinnedPropagatorDefaults are entries of knowledge.PropagatorDefaults
// whose modules are not pinned in a testdata module: the contrib forks of
// otelsarama (the same API as github.com/dnwe/otelsarama, which is pinned)
// and otelgrpc (whose grpc dependency would move the pinned versions).
var unpinnedPropagatorDefaults = []string{
	"go.opentelemetry.io/contrib/instrumentation/github.com/IBM/sarama/otelsarama",
	"go.opentelemetry.io/contrib/instrumentation/github.com/Shopify/sarama/otelsarama",
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc",
}

// Every pinned entry of PropagatorDefaults names functions that exist, and
// an option function that takes a propagation.TextMapPropagator and
// returns the element type of the functions' variadic options; the global
// propagator's getter and setter exist.
func TestPropagatorDefaultsMatchRealAPIs(t *testing.T) {
	paths := []string{knowledge.GlobalPropagator.Pkg}
	for _, d := range knowledge.PropagatorDefaults {
		if !slices.Contains(unpinnedPropagatorDefaults, d.Pkg) {
			paths = append(paths, d.Pkg)
		}
	}
	byPath := loadFromMod(t, paths...)
	gp := knowledge.GlobalPropagator
	for _, name := range []string{gp.Get, gp.Set} {
		lookupFunc(t, byPath, gp.Pkg+"."+name)
	}
	for _, d := range knowledge.PropagatorDefaults {
		if slices.Contains(unpinnedPropagatorDefaults, d.Pkg) {
			continue
		}
		var optType types.Type
		if d.Option != "" {
			opt := lookupFunc(t, byPath, d.Pkg+"."+d.Option)
			if opt == nil {
				continue
			}
			sig := opt.Type().(*types.Signature)
			if sig.Params().Len() != 1 || types.TypeString(sig.Params().At(0).Type(), nil) != "go.opentelemetry.io/otel/propagation.TextMapPropagator" ||
				sig.Results().Len() != 1 {
				t.Errorf("%s.%s: not func(propagation.TextMapPropagator) Option: %s", d.Pkg, d.Option, sig)
				continue
			}
			optType = sig.Results().At(0).Type()
		}
		variadic := 0
		for _, name := range d.Funcs {
			fn := lookupFunc(t, byPath, d.Pkg+"."+name)
			if fn == nil {
				continue
			}
			if got, ok := knowledge.Default.PropagatorDefault(fn); !ok || got.Pkg != d.Pkg {
				t.Errorf("%s.%s: not found by Table.PropagatorDefault", d.Pkg, name)
			}
			sig := fn.Type().(*types.Signature)
			if !sig.Variadic() {
				continue // no options: always the global propagator
			}
			variadic++
			last := sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice).Elem()
			if optType == nil || !types.Identical(last, optType) {
				t.Errorf("%s.%s: options of type %s, but the propagator option returns %v", d.Pkg, name, last, optType)
			}
		}
		if d.Option != "" && variadic == 0 {
			t.Errorf("%s: an option but no function that takes options", d.Pkg)
		}
	}
}

// loadFromMod loads paths from testdata/mod, where the instrumentation of
// PropagatorDefaults is pinned (testdata/ddtrace's graph holds otelhttp
// at other versions).
func loadFromMod(t *testing.T, paths ...string) map[string]*types.Package {
	t.Helper()
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
		for _, e := range p.Errors {
			t.Errorf("%s: %v", p.PkgPath, e)
		}
		byPath[p.PkgPath] = p.Types
	}
	return byPath
}

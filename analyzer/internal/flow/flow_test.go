package flow

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

const src = `package p

import "context"

func use(context.Context)                              {}
func extract(ctx context.Context) context.Context { return ctx }

func f(ctx context.Context, b bool) {
	use(ctx) // A: the parameter
	ctx = extract(ctx)
	use(ctx) // B: extracted
	if b {
		ctx := extract(ctx)
		use(ctx) // D: extracted twice, in the inner scope
	}
	use(ctx) // C: extracted once: the inner ctx shadows
	for i := 0; i < 3; i++ {
		use(ctx) // E: in a loop
	}
}
`

type fixture struct {
	unit  *Unit
	calls map[string]*ast.CallExpr // use(...) calls by the letter in their comment
	fset  *token.FileSet
}

func load(t *testing.T) *fixture {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{}, Scopes: map[ast.Node]*types.Scope{},
		Instances: map[*ast.Ident]types.Instance{}, FileVersions: map[*ast.File]string{},
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("p", fset, []*ast.File{file}, info)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := BuildSSA(fset, pkg, []*ast.File{file}, info)
	if err != nil {
		t.Fatal(err)
	}
	fx := &fixture{calls: map[string]*ast.CallExpr{}, fset: fset}
	for _, u := range Units(inspector.New([]*ast.File{file}), info, file) {
		if fd, ok := u.Root.(*ast.FuncDecl); ok && fd.Name.Name == "f" {
			fx.unit = u
		}
	}
	fx.unit.Prog = prog
	line := map[int]string{}
	for _, cg := range file.Comments {
		line[fset.Position(cg.Pos()).Line] = cg.Text()[0:1]
	}
	for _, call := range fx.unit.Calls {
		if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "use" {
			fx.calls[line[fset.Position(call.Pos()).Line]] = call
		}
	}
	return fx
}

// extractions counts the calls of extract that the argument of the use
// call marked letter derives from.
func (fx *fixture) extractions(letter string) int {
	n := 0
	for _, c := range fx.unit.Deps(fx.calls[letter].Args[0]).Calls {
		if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "extract" {
			n++
		}
	}
	return n
}

func TestDepsReachingDefinitions(t *testing.T) {
	fx := load(t)
	for letter, want := range map[string]int{"A": 0, "B": 1, "C": 1, "D": 2, "E": 1} {
		if got := fx.extractions(letter); got != want {
			t.Errorf("use %s: derives from %d extract calls, want %d", letter, got, want)
		}
	}
	// Without the SSA form the model is flow-insensitive: A derives from
	// the later extraction too.
	fx.unit.Prog = nil
	if got := fx.extractions("A"); got != 1 {
		t.Errorf("flow-insensitive use A: derives from %d extract calls, want 1", got)
	}
}

func TestMayReach(t *testing.T) {
	fx := load(t)
	p := fx.unit.Prog
	at := func(l string) Point {
		pt := p.At(fx.calls[l])
		if !pt.Valid() {
			t.Fatalf("no point for use %s", l)
		}
		return pt
	}
	for _, tt := range []struct {
		from, to string
		want     bool
	}{
		{"A", "B", true}, {"B", "A", false}, {"A", "C", true}, {"D", "C", true},
		{"C", "D", false}, {"E", "E", true}, {"C", "E", true}, {"E", "C", false},
	} {
		if got := MayReach(at(tt.from), at(tt.to), nil); got != tt.want {
			t.Errorf("MayReach(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
	// The only way from A to B passes the extraction between them.
	var extractAB *ast.CallExpr
	for _, c := range fx.unit.Calls {
		if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "extract" && extractAB == nil {
			extractAB = c
		}
	}
	kill := func(instr ssa.Instruction) bool { return Within(instr, extractAB) }
	if MayReach(at("A"), at("B"), kill) {
		t.Error("MayReach(A, B) through a kill on the extraction between them")
	}
	if !MayReach(at("B"), at("C"), kill) {
		t.Error("MayReach(B, C) is stopped by a kill behind it")
	}
}

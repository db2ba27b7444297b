package gomod

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func parse(t *testing.T, fset *token.FileSet, path string) *ast.File {
	t.Helper()
	f, err := parser.ParseFile(fset, path, nil, parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func isOTel(p string) bool { return p == "go.opentelemetry.io/otel" }

func TestForFiles(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "go.mod"), `module example.com/svc

go 1.26

require (
	github.com/IBM/sarama v1.61.1
	go.opentelemetry.io/otel v1.47.0
)

require go.opentelemetry.io/otel/trace v1.47.0 // indirect
`)
	writeFile(t, filepath.Join(root, "internal", "pub", "pub.go"), "package pub\n")
	// A nested module: its own go.mod governs it.
	writeFile(t, filepath.Join(root, "tools", "go.mod"), "module example.com/svc/tools\n\ngo 1.26\n\nrequire go.opentelemetry.io/otel v1.47.0 // indirect\n")
	writeFile(t, filepath.Join(root, "tools", "gen", "gen.go"), "package gen\n")
	// A vendored dependency: no go.mod of its own.
	writeFile(t, filepath.Join(root, "vendor", "example.com", "dep", "dep.go"), "package dep\n")

	fset := token.NewFileSet()
	m := ForFiles(fset, []*ast.File{parse(t, fset, filepath.Join(root, "internal", "pub", "pub.go"))})
	if m == nil {
		t.Fatal("no module found for internal/pub")
	}
	if !m.RequiresDirect(isOTel) || !m.Direct["github.com/IBM/sarama"] {
		t.Errorf("direct requirements = %v, want sarama and otel", m.Direct)
	}
	if m.Direct["go.opentelemetry.io/otel/trace"] || !m.Listed["go.opentelemetry.io/otel/trace"] {
		t.Errorf("otel/trace is listed // indirect: Direct=%v Listed=%v", m.Direct, m.Listed)
	}

	tools := ForFiles(fset, []*ast.File{parse(t, fset, filepath.Join(root, "tools", "gen", "gen.go"))})
	if tools == nil || tools.RequiresDirect(isOTel) {
		t.Errorf("tools module: %+v, want found, requiring otel only indirectly", tools)
	}

	if dep := ForFiles(fset, []*ast.File{parse(t, fset, filepath.Join(root, "vendor", "example.com", "dep", "dep.go"))}); dep != nil {
		t.Errorf("vendored dependency got the main module's go.mod %s", dep.Path)
	}

	// An edit of go.mod is seen (the cache checks size and time).
	time.Sleep(10 * time.Millisecond)
	writeFile(t, filepath.Join(root, "go.mod"), strings.Replace(readFile(t, filepath.Join(root, "go.mod")), "\tgo.opentelemetry.io/otel v1.47.0\n", "", 1))
	now := time.Now().Add(time.Second)
	if err := os.Chtimes(filepath.Join(root, "go.mod"), now, now); err != nil {
		t.Fatal(err)
	}
	if m := ForFiles(fset, []*ast.File{parse(t, fset, filepath.Join(root, "internal", "pub", "pub.go"))}); m.RequiresDirect(isOTel) {
		t.Error("go.mod edited to drop otel: still required")
	}
}

func TestNoModule(t *testing.T) {
	fset := token.NewFileSet()
	// A file without a real path (as some drivers synthesize).
	f, err := parser.ParseFile(fset, "x.go", "package x", parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	if m := ForFiles(fset, []*ast.File{f}); m != nil {
		t.Errorf("relative file name: got module %s", m.Path)
	}
	var nilMod *Module
	if nilMod.RequiresDirect(isOTel) {
		t.Error("nil module requires otel")
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

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

// Under go vet, a file the -overlay replaces is named by its replacement
// (tracewire-gopls puts the editor's text of every open file in a
// temporary directory), and cgo output by a file in the go command's work
// directory: the config's Dir is the package's directory for every file
// it lists, wherever the file is.
func TestUnitConfig(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "shop", "go.mod"), "module example.com/shop\n\ngo 1.26\n\nrequire go.opentelemetry.io/otel v1.47.0\n")
	pkgDir := filepath.Join(root, "shop", "notifications")
	writeFile(t, filepath.Join(pkgDir, "notifications.go"), "package notifications\n")
	// The overlay copy, in a directory under another module that does not
	// trace: the walk from the copy would find the wrong go.mod.
	writeFile(t, filepath.Join(root, "other", "go.mod"), "module example.com/other\n\ngo 1.26\n")
	overlay := filepath.Join(root, "other", "tmp", "overlay-1", "notifications.go")
	writeFile(t, overlay, "package notifications\n")
	cfg := filepath.Join(root, "work", "b001", "vet.cfg")
	writeFile(t, cfg, `{"ID": "example.com/shop/notifications", "ImportPath": "example.com/shop/notifications", "Dir": "`+pkgDir+`", "GoFiles": ["`+overlay+`"]}`)

	unit := unitFiles(cfg)
	if unit[overlay] != pkgDir {
		t.Fatalf("unitFiles(%s) = %v, want %s mapped to %s", cfg, unit, overlay, pkgDir)
	}
	fset := token.NewFileSet()
	files := []*ast.File{parse(t, fset, overlay)}
	if m := forFiles(fset, files, unit); m == nil || !m.RequiresDirect(isOTel) || m.Path != filepath.Join(root, "shop", "go.mod") {
		t.Errorf("under go vet with the overlay: module %+v, want the shop's, requiring otel", m)
	}
	// Without the config the copy's own directory decides (and here it is
	// wrong): which is why the config wins.
	if m := forFiles(fset, files, nil); m == nil || m.Path != filepath.Join(root, "other", "go.mod") {
		t.Errorf("without a config: module %+v, want the one above the copy", m)
	}

	for _, bad := range []string{filepath.Join(root, "missing.cfg"), overlay} {
		if got := unitFiles(bad); got != nil {
			t.Errorf("unitFiles(%s) = %v, want nil", bad, got)
		}
	}
	notVet := filepath.Join(root, "app.cfg")
	writeFile(t, notVet, "[section]\nkey = value\n")
	if got := unitFiles(notVet); got != nil {
		t.Errorf("unitFiles of a non-JSON .cfg = %v, want nil", got)
	}
}

// cgo output in the build cache (go/packages' CompiledGoFiles) starts with
// a //line directive naming the source file: its directory decides,
// before the file's own, whatever the order of the files.
func TestLineDirective(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "shop", "go.mod"), "module example.com/shop\n\ngo 1.26\n\nrequire go.opentelemetry.io/otel v1.47.0\n")
	src := filepath.Join(root, "shop", "kafka", "kafka.go")
	writeFile(t, src, "package kafka\n\nimport \"C\"\n")
	writeFile(t, filepath.Join(root, "cache", "go.mod"), "module example.com/cache\n\ngo 1.26\n")
	gen := filepath.Join(root, "cache", "ab", "kafka.cgo1.go")
	writeFile(t, gen, "// Code generated by cmd/cgo; DO NOT EDIT.\n\n//line "+src+":1:1\npackage kafka\n")
	fset := token.NewFileSet()
	m := forFiles(fset, []*ast.File{parse(t, fset, gen)}, nil)
	if m == nil || m.Path != filepath.Join(root, "shop", "go.mod") {
		t.Errorf("cgo output: module %+v, want the shop's", m)
	}
}

// Package gomod finds the go.mod file of the module a package belongs to and
// reads its requirements. tracewire uses it to tell whether a module traces:
// a package that imports no tracing package itself still has trace context
// to propagate when its module requires a tracing library directly (tracing
// set up in main and in middleware, a publisher package that only passes the
// request's ctx along).
//
// Every driver hands the analyzers absolute file names (go vet and go fix in
// their config, the standalone checker, golangci-lint, analysistest), so the
// go.mod is found by walking up from the package's directory. That holds in
// go.work workspaces (each module has its own go.mod) and with -mod=vendor
// (the main module's packages are not under vendor/). A package under a
// vendor directory is a vendored dependency whose go.mod is not vendored: it
// has no module file here, and is judged by its imports alone.
package gomod

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/mod/modfile"
)

// A Module is what tracewire reads from a go.mod file.
type Module struct {
	// Path is the go.mod file's path.
	Path string
	// Direct and Listed map module paths to whether go.mod requires them
	// without "// indirect", and at all.
	Direct, Listed map[string]bool
}

// RequiresDirect reports whether the module requires a module for which
// match returns true, without "// indirect".
func (m *Module) RequiresDirect(match func(path string) bool) bool {
	if m == nil {
		return false
	}
	for p := range m.Direct {
		if match(p) {
			return true
		}
	}
	return false
}

type entry struct {
	mod     *Module
	modTime time.Time
	size    int64
}

// cache holds parsed go.mod files by path, checked against their size and
// modification time, so a standalone run over a module reads its go.mod
// once and a long-lived process (the editor front) sees edits.
var cache sync.Map // string -> entry

// dirCache maps a directory to its go.mod path.
var dirCache sync.Map

// ForFiles returns the module of the package made of files, or nil when no
// go.mod file is found above them (GOPATH mode, a vendored dependency, files
// without a real path) or it cannot be read.
func ForFiles(fset *token.FileSet, files []*ast.File) *Module {
	for _, f := range files {
		tf := fset.File(f.Pos())
		if tf == nil {
			continue
		}
		name := tf.Name()
		if !filepath.IsAbs(name) || filepath.Ext(name) != ".go" {
			continue // cgo-generated or synthetic files
		}
		if path := find(filepath.Dir(name)); path != "" {
			return read(path)
		}
		return nil
	}
	return nil
}

// find returns the go.mod file governing dir, or "".
func find(dir string) string {
	if v, ok := dirCache.Load(dir); ok {
		return v.(string)
	}
	var found string
	for d := dir; ; {
		if filepath.Base(d) == "vendor" {
			break // a vendored dependency: its go.mod is not vendored
		}
		if st, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !st.IsDir() {
			found = filepath.Join(d, "go.mod")
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if found != "" {
		dirCache.Store(dir, found) // a go.mod created later is still found
	}
	return found
}

func read(path string) *Module {
	st, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if v, ok := cache.Load(path); ok {
		e := v.(entry)
		if e.modTime.Equal(st.ModTime()) && e.size == st.Size() {
			return e.mod
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	f, err := modfile.ParseLax(path, data, nil)
	if err != nil {
		return nil
	}
	m := &Module{Path: path, Direct: map[string]bool{}, Listed: map[string]bool{}}
	for _, r := range f.Require {
		m.Listed[r.Mod.Path] = true
		if !r.Indirect {
			m.Direct[r.Mod.Path] = true
		}
	}
	cache.Store(path, entry{mod: m, modTime: st.ModTime(), size: st.Size()})
	return m
}

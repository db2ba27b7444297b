// Package gomod finds the go.mod file of the module a package belongs to and
// reads its requirements. tracewire uses it to tell whether a module traces:
// a package that imports no tracing package itself still has trace context
// to propagate when its module requires a tracing library directly (tracing
// set up in main and in middleware, a publisher package that only passes the
// request's ctx along).
//
// The go.mod is found by walking up from the package's directory, which is
// not always the directory of the files the driver hands the analyzers:
//
//   - Under go vet and go fix (the unitchecker protocol: the tool's last
//     argument is a .cfg file), a file the go command's -overlay replaces is
//     named by its replacement (tracewire-gopls gives the editor's text of
//     every open file that way, in a temporary directory), and a cgo file by
//     its cgo output in the go command's work directory. The config names
//     the package's real directory (Dir) next to those files (GoFiles), so
//     ForFiles reads it and walks up from Dir for every file it lists.
//   - go/packages drivers (the standalone checker, golangci-lint,
//     analysistest) hand over cgo output in the build cache; those files
//     start with a //line directive naming the source file, and ForFiles
//     walks up from the directory the package clause's position names.
//
// So the module, and what is reported, does not depend on where the go
// command puts its files. That holds in go.work workspaces (each module
// has its own go.mod) and with -mod=vendor (the main module's packages are
// not under vendor/). A package under a vendor directory is a vendored
// dependency whose go.mod is not vendored: it has no module file here, and
// is judged by its imports alone.
package gomod

import (
	"encoding/json"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"strings"
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
//
// The directories tried, in order, are: the package directory of the go
// vet or go fix config for each file it lists; for each file, the
// directory of its package clause's position (a //line directive moves it
// from cgo output to the source file); and for each file, its own
// directory. The first directory with a go.mod above it decides.
func ForFiles(fset *token.FileSet, files []*ast.File) *Module {
	return forFiles(fset, files, unitDirs())
}

func forFiles(fset *token.FileSet, files []*ast.File, unit map[string]string) *Module {
	var dirs []string
	add := func(name string) {
		if filepath.IsAbs(name) && filepath.Ext(name) == ".go" {
			dirs = append(dirs, filepath.Dir(name))
		}
	}
	for _, f := range files {
		if tf := fset.File(f.Pos()); tf != nil {
			if dir, ok := unit[tf.Name()]; ok {
				dirs = append(dirs, dir)
			}
		}
	}
	for _, f := range files {
		if f.Package.IsValid() {
			add(fset.Position(f.Package).Filename)
		}
	}
	for _, f := range files {
		if tf := fset.File(f.Pos()); tf != nil {
			add(tf.Name()) // cgo-generated or synthetic files are skipped
		}
	}
	seen := map[string]bool{}
	for _, dir := range dirs {
		if seen[dir] {
			continue
		}
		seen[dir] = true
		if path := find(dir); path != "" {
			return read(path)
		}
	}
	return nil
}

var (
	unitOnce sync.Once
	unitMap  map[string]string
)

// unitDirs returns the files of the go vet or go fix config of this
// process, mapped to their package's directory, or nil when the process is
// no unitchecker run.
func unitDirs() map[string]string {
	unitOnce.Do(func() {
		if len(os.Args) > 1 {
			unitMap = unitFiles(os.Args[len(os.Args)-1])
		}
	})
	return unitMap
}

// unitFiles reads the unitchecker config cfg (the go command's vet.cfg)
// and maps each of its Go files to the package directory Dir. It returns
// nil for anything else.
func unitFiles(cfg string) map[string]string {
	if !strings.HasSuffix(cfg, ".cfg") {
		return nil
	}
	data, err := os.ReadFile(cfg)
	if err != nil {
		return nil
	}
	var c struct {
		ImportPath, Dir string
		GoFiles         []string
	}
	if json.Unmarshal(data, &c) != nil || c.ImportPath == "" || !filepath.IsAbs(c.Dir) {
		return nil
	}
	m := map[string]string{}
	for _, f := range c.GoFiles {
		m[f] = filepath.Clean(c.Dir)
	}
	return m
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

package vettool

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"golang.org/x/mod/modfile"
)

// What the analyses read besides the package: a package that imports no
// tracing package has trace context to propagate when its module's go.mod
// requires a tracing library directly (analyzer/internal/gomod). go vet
// caches a package's results (its facts and its printed findings) under a
// key made of the tool's ID, the flags, the package's compile inputs and
// its dependencies' facts; the go.mod of the package's own module is none
// of them. A go.mod edit that makes a tracing requirement direct or
// "// indirect" (go get, go mod tidy) would leave the results of the
// module's packages stale in the cache. So the ID covers the direct
// requirements of the go.mod files that can change under the user's
// hands: those of the module or workspace the go command runs in (go vet
// runs -V=full in its own working directory), and of the modules they
// replace by a local directory. Modules from the module cache cannot
// change under one version, which their packages' keys already hold.

// maxModules bounds the go.mod files the ID reads.
const maxModules = 1000

// modulesDigest returns a digest of the direct requirements of the go.mod
// files governing the go command's run in wd, and "" when there are none
// (GOPATH mode, no module above wd). It errs on the side of more: without
// GOWORK=off it covers both the go.work above wd and the go.mod above wd
// (GOWORK may be set by go env -w, which the environment does not show).
func modulesDigest(wd string, getenv func(string) string) string {
	if wd == "" {
		return ""
	}
	var work, mods []string // go.work files, go.mod files, in order
	switch gowork := getenv("GOWORK"); gowork {
	case "off":
	case "":
		if w := above(wd, "go.work"); w != "" {
			work = append(work, w)
		}
	default:
		if !filepath.IsAbs(gowork) {
			gowork = filepath.Join(wd, gowork)
		}
		work = append(work, gowork)
	}
	if m := above(wd, "go.mod"); m != "" {
		mods = append(mods, m)
	}
	h := sha256.New()
	seen := map[string]bool{}
	var replaced []string // go.mod files of local replacements
	for _, w := range work {
		data, err := os.ReadFile(w)
		if err != nil {
			_, _ = fmt.Fprintf(h, "work %s unreadable\x00", w)
			continue
		}
		wf, err := modfile.ParseWork(w, data, nil)
		if err != nil {
			_, _ = fmt.Fprintf(h, "work %s invalid %x\x00", w, sha256.Sum256(data))
			continue
		}
		_, _ = fmt.Fprintf(h, "work %s\x00", w)
		for _, u := range wf.Use {
			mods = append(mods, filepath.Join(local(filepath.Dir(w), u.Path), "go.mod"))
		}
		for _, r := range wf.Replace {
			if r.New.Version == "" {
				replaced = append(replaced, filepath.Join(local(filepath.Dir(w), r.New.Path), "go.mod"))
			}
		}
	}
	for i := 0; i < len(mods) && i < maxModules; i++ {
		m := mods[i]
		if seen[m] {
			continue
		}
		seen[m] = true
		f := writeModule(h, m)
		if f == nil {
			continue
		}
		for _, r := range f.Replace {
			if r.New.Version == "" {
				replaced = append(replaced, filepath.Join(local(filepath.Dir(m), r.New.Path), "go.mod"))
			}
		}
	}
	// A replacement's own replace directives do not apply: the go command
	// reads those of the main modules only.
	for i := 0; i < len(replaced) && len(seen) < maxModules; i++ {
		if m := replaced[i]; !seen[m] {
			seen[m] = true
			writeModule(h, m)
		}
	}
	if len(seen) == 0 && len(work) == 0 {
		return ""
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// writeModule writes the go.mod file path and its direct requirements (the
// module paths, sorted) to h, and returns the parsed file (nil if it
// cannot be read or parsed, which is written too).
func writeModule(h io.Writer, path string) *modfile.File {
	data, err := os.ReadFile(path)
	if err != nil {
		_, _ = fmt.Fprintf(h, "mod %s missing\x00", path)
		return nil
	}
	// Parse keeps replace directives, which ParseLax (what the analyses
	// read requirements with) drops; a file only ParseLax accepts has no
	// replacements to follow.
	f, err := modfile.Parse(path, data, nil)
	if err != nil {
		f, err = modfile.ParseLax(path, data, nil)
	}
	if err != nil {
		_, _ = fmt.Fprintf(h, "mod %s invalid %x\x00", path, sha256.Sum256(data))
		return nil
	}
	var direct []string
	for _, r := range f.Require {
		if !r.Indirect {
			direct = append(direct, r.Mod.Path)
		}
	}
	slices.Sort(direct)
	direct = slices.Compact(direct)
	_, _ = fmt.Fprintf(h, "mod %s\x00", path)
	for _, d := range direct {
		_, _ = fmt.Fprintf(h, "%s\x00", d)
	}
	_, _ = fmt.Fprint(h, "\x00")
	return f
}

// local returns the directory a use or replace directive of a file in
// dir names.
func local(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, filepath.FromSlash(p))
}

// above returns the file name at or above dir, or "".
func above(dir, name string) string {
	for d := dir; ; {
		if st, err := os.Stat(filepath.Join(d, name)); err == nil && !st.IsDir() {
			return filepath.Join(d, name)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

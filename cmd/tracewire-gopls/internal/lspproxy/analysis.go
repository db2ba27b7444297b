package lspproxy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tracewire/tracewire/analyzer"
)

// A run is one go vet invocation over the packages (directories) of the
// open documents of one module.
type run struct {
	root    string            // module root: go vet's working directory
	modPath string            // module path
	dirs    []string          // absolute package directories to analyze
	texts   map[string]string // absolute file path -> editor text (the overlay)
	flags   []string          // analyzer flags from the settings
	config  string            // the bus configuration file, or ""
	build   build             // gopls's build settings
	uris    map[string]string // absolute file path -> URI of the open document
}

// uri returns the URI of file: the editor's own spelling of it when it is
// open.
func (r *run) uri(file string) string {
	if u, ok := r.uris[file]; ok {
		return u
	}
	return pathToURI(file)
}

// A vetDiag is one diagnostic of go vet -json (the analysis drivers' JSON
// format, golang.org/x/tools/go/analysis/internal/analysisflags).
type vetDiag struct {
	Posn           string `json:"posn"`
	End            string `json:"end"`
	Message        string `json:"message"`
	Category       string `json:"category"`
	SuggestedFixes []struct {
		Message string `json:"message"`
		Edits   []struct {
			Filename string `json:"filename"`
			Start    int    `json:"start"`
			End      int    `json:"end"`
			New      string `json:"new"`
		} `json:"edits"`
	} `json:"suggested_fixes"`
}

// A finding is a tracewire diagnostic mapped to LSP positions, with its
// fixes.
type finding struct {
	uri     string
	version int // of the document the run analyzed; -1 if not open
	diag    diagnostic
	fixes   []fix
}

type fix struct {
	title string
	edits map[string][]textEdit // URI -> edits
}

type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type codeDescription struct {
	Href string `json:"href"`
}

type diagnostic struct {
	Range           lspRange         `json:"range"`
	Severity        int              `json:"severity"`
	Code            string           `json:"code"`
	CodeDescription *codeDescription `json:"codeDescription,omitempty"`
	Source          string           `json:"source"`
	Message         string           `json:"message"`
}

// A result is what a run found.
type result struct {
	findings []finding
	// ok lists the directories that were analyzed: their findings replace
	// the previous ones. A directory whose package did not type-check (or
	// a run that failed) keeps its last findings.
	ok []string
	// failure describes packages that could not be analyzed, "" if none.
	failure string
}

// EditorFlag is the vet tool flag (tracewire-gopls's own, as its own vet
// tool) that every go vet run of the proxy passes. go vet caches a
// package's output under a key of the tool's ID, its flags and the
// content of the package's files, not their names; the output of a run
// names an open file by its -overlay copy. Without the flag, a go vet in
// the terminal (-vettool=tracewire-gopls) over the same text would print
// the findings of an editor's run, in a temporary file that is gone.
const EditorFlag = "editor"

// vet runs go vet with tool as the vet tool and parses its output.
func (r *run) vet(ctx context.Context, gocmd, tool string, tmp string) (*result, error) {
	args := []string{"vet", "-vettool=" + tool, "-json", "-" + EditorFlag}
	args = append(args, r.build.flags...)
	args = append(args, r.flags...)
	if len(r.texts) > 0 {
		overlay, err := writeOverlay(tmp, r.texts)
		if err != nil {
			return nil, err
		}
		args = append(args, "-overlay="+overlay)
	}
	for _, d := range r.dirs {
		rel, err := filepath.Rel(r.root, d)
		if err != nil {
			return nil, err
		}
		args = append(args, pattern(rel))
	}
	cmd := exec.CommandContext(ctx, gocmd, args...)
	cmd.Dir = r.root
	cmd.Env = r.env(os.Environ())
	setProcessGroup(cmd)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return nil, err
	}
	res, perr := r.parse(stdout.Bytes())
	if perr != nil {
		return nil, fmt.Errorf("go vet -json: %w\n%s", perr, stderr.String())
	}
	failed := failedPackages(stderr.String())
	if err != nil && len(failed) == 0 {
		// go vet failed without naming a package: nothing is known.
		res.ok = nil
		res.failure = strings.TrimSpace(stderr.String())
		return res, nil
	}
	ours := map[string]bool{}
	for _, d := range r.dirs {
		ours[r.importPath(d)] = true
	}
	for p := range failed {
		if !ours[p] {
			// A dependency failed (it does not compile, say): the
			// packages that import it were not analyzed either.
			clear(ours)
		}
	}
	for _, d := range r.dirs {
		if ours[r.importPath(d)] && !failed[r.importPath(d)] {
			res.ok = append(res.ok, d)
		}
	}
	if len(failed) > 0 {
		res.failure = strings.TrimSpace(stderr.String())
	}
	return res, nil
}

// env returns go vet's environment: environ, gopls's env settings, and
// the bus configuration as $TRACEWIRE_CONFIG (the flag of tracewire-gopls
// wins over both), which the tool's -V=full ID covers, so that go vet's
// cache follows the file's contents.
func (r *run) env(environ []string) []string {
	env := slices.Concat(environ, r.build.env)
	if r.config != "" {
		env = append(env, configEnv+"="+r.config)
	}
	return env
}

// configEnv names the bus configuration in the tool's environment
// (vettool.ConfigEnv).
const configEnv = "TRACEWIRE_CONFIG"

// pattern is the go command's pattern for the package in directory rel,
// relative to the module root.
func pattern(rel string) string {
	if rel == "." {
		return "."
	}
	return "./" + filepath.ToSlash(rel)
}

// importPath is the import path of the package in directory dir.
func (r *run) importPath(dir string) string {
	rel, err := filepath.Rel(r.root, dir)
	if err != nil || rel == "." {
		return r.modPath
	}
	return r.modPath + "/" + filepath.ToSlash(rel)
}

// failedPackages returns the import paths of the packages for which go vet
// printed errors: they follow a "# path" or "# path [path.test]" line.
func failedPackages(stderr string) map[string]bool {
	failed := map[string]bool{}
	for line := range strings.SplitSeq(stderr, "\n") {
		if p, ok := strings.CutPrefix(line, "# "); ok {
			p, _, _ = strings.Cut(p, " ")
			failed[strings.TrimSuffix(p, "_test")] = true
		}
	}
	return failed
}

// parse reads go vet -json's output: one JSON object per package, package
// ID -> analyzer -> diagnostics (or {"error": ...}).
func (r *run) parse(out []byte) (*result, error) {
	res := &result{}
	mappers := map[string]*mapper{}
	mapperFor := func(file string) (*mapper, error) {
		if m, ok := mappers[file]; ok {
			return m, nil
		}
		text, ok := r.texts[file]
		if !ok {
			data, err := os.ReadFile(file)
			if err != nil {
				return nil, err
			}
			text = string(data)
		}
		m := newMapper(text)
		mappers[file] = m
		return m, nil
	}
	seen := map[string]bool{} // a package and its test variant repeat findings
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, err
		}
		for _, pkg := range sortedKeys(tree) {
			for _, name := range sortedKeys(tree[pkg]) {
				var diags []vetDiag
				if err := json.Unmarshal(tree[pkg][name], &diags); err != nil {
					continue // {"error": "..."}: the analyzer failed on pkg
				}
				for _, d := range diags {
					key := name + "\x00" + d.Posn + "\x00" + d.Message
					if seen[key] {
						continue
					}
					seen[key] = true
					f, err := r.finding(name, d, mapperFor)
					if err != nil {
						return nil, fmt.Errorf("%s: %w", d.Posn, err)
					}
					res.findings = append(res.findings, f)
				}
			}
		}
	}
	return res, nil
}

func (r *run) finding(name string, d vetDiag, mapperFor func(string) (*mapper, error)) (finding, error) {
	file, line, col, err := splitPosn(d.Posn)
	if err != nil {
		return finding{}, err
	}
	file = r.original(file)
	m, err := mapperFor(file)
	if err != nil {
		return finding{}, err
	}
	start, err := m.lineColPosition(line, col)
	if err != nil {
		return finding{}, err
	}
	end := start
	if d.End != "" {
		if efile, eline, ecol, err := splitPosn(d.End); err == nil && r.original(efile) == file {
			if p, err := m.lineColPosition(eline, ecol); err == nil {
				end = p
			}
		}
	}
	f := finding{
		uri: r.uri(file),
		diag: diagnostic{
			Range:    lspRange{Start: start, End: end},
			Severity: 2, // Warning, as gopls's own analyzers
			Code:     name,
			Source:   "tracewire",
			Message:  d.Message,
		},
	}
	if url := analyzerURL(name); url != "" {
		f.diag.CodeDescription = &codeDescription{Href: url}
	}
	for _, sf := range d.SuggestedFixes {
		fx := fix{title: sf.Message, edits: map[string][]textEdit{}}
		for _, e := range sf.Edits {
			e.Filename = r.original(e.Filename)
			em, err := mapperFor(e.Filename)
			if err != nil {
				return finding{}, err
			}
			s, err := em.position(e.Start)
			if err != nil {
				return finding{}, err
			}
			t, err := em.position(e.End)
			if err != nil {
				return finding{}, err
			}
			u := r.uri(e.Filename)
			fx.edits[u] = append(fx.edits[u], textEdit{Range: lspRange{Start: s, End: t}, NewText: e.New})
		}
		f.fixes = append(f.fixes, fx)
	}
	return f, nil
}

var posnRE = regexp.MustCompile(`^(.*):(\d+):(\d+)$`)

// splitPosn splits "file:line:col".
func splitPosn(posn string) (string, int, int, error) {
	m := posnRE.FindStringSubmatch(posn)
	if m == nil {
		return "", 0, 0, fmt.Errorf("bad position %q", posn)
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return m[1], line, col, nil
}

func analyzerURL(name string) string {
	for _, e := range analyzer.Suite() {
		if e.Analyzer.Name == name {
			return e.Analyzer.URL
		}
	}
	return ""
}

// writeOverlay writes texts into dir and returns the path of a go command
// -overlay file that replaces each file with its text. The copy of a file
// is dir/H/NAME, where H is a hash of the file's path and NAME its base
// name: go vet reports positions in the copy, and caches its output by the
// file's path and content, so an output from the cache may name the copy
// of another run (or session) with the same text.
func writeOverlay(dir string, texts map[string]string) (string, error) {
	replace := map[string]string{}
	for _, file := range sortedKeys(texts) {
		d := filepath.Join(dir, pathHash(file))
		if err := os.MkdirAll(d, 0o700); err != nil {
			return "", err
		}
		p := filepath.Join(d, filepath.Base(file))
		if err := os.WriteFile(p, []byte(texts[file]), 0o600); err != nil {
			return "", err
		}
		replace[file] = p
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, "overlay.json")
	return p, os.WriteFile(p, data, 0o600)
}

func pathHash(file string) string {
	h := sha256.Sum256([]byte(file))
	return "overlay-" + hex.EncodeToString(h[:12])
}

// original returns the file that file stands for: the one it replaces if
// it is an overlay copy (of this run or of an earlier one).
func (r *run) original(file string) string {
	hash := filepath.Base(filepath.Dir(file))
	if !strings.HasPrefix(hash, "overlay-") {
		return file
	}
	for orig := range r.texts {
		if pathHash(orig) == hash && filepath.Base(orig) == filepath.Base(file) {
			return orig
		}
	}
	return file
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// modulePath reads the module path from the go.mod in root.
func modulePath(root string) (string, error) {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			p := strings.TrimSpace(rest)
			if i := strings.Index(p, "//"); i >= 0 {
				p = strings.TrimSpace(p[:i])
			}
			if uq, err := strconv.Unquote(p); err == nil {
				p = uq
			}
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: no module directive", filepath.Join(root, "go.mod"))
}

// moduleRoot returns the nearest directory at or above dir with a go.mod.
func moduleRoot(dir string) (string, bool) {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

package main

// The module-traced case: a package that imports no OpenTelemetry, in a
// module whose go.mod requires it directly, judged like a package that
// imports it (analyzer/internal/gomod). The demo's notifications package is
// exactly this shape: it imports sarama, no OpenTelemetry, and sends with
// the caller's ctx.
//
// The analyses once found the module by walking up from the first file
// name the driver gave them. Under go vet that is the -overlay replacement
// of an open file (tracewire-gopls gives every open file's text that way,
// from a temporary directory) or cgo output in the go command's work
// directory, so the editor showed nothing for the package; and go vet
// cached that empty result under the key of the same text on disk, so a
// later `go vet` in the terminal printed {} too. And a go.mod edit that
// made OpenTelemetry direct or indirect was not in go vet's cache key, so
// the results stayed stale.

import (
	"encoding/json"
	"errors"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/tracewire/tracewire/cmd/tracewire-gopls/internal/lspproxy"
)

// analysisFindings matches the log line of a finished analysis, with its
// number of findings.
var analysisFindings = regexp.MustCompile(`analysis \d+ of .* finished in \S+: (\d+) findings`)

// notifyFinding is the finding of notifications.go.
const notifyFinding = "sarama SyncProducer.SendMessage sends a message without injected trace context"

const notifyFile = "notifications/notifications.go"

// checkShape fails unless the package of file imports sarama and no
// OpenTelemetry, and the module's go.mod requires OpenTelemetry directly:
// otherwise the tests below would not test the module-traced case.
func checkShape(t *testing.T, dir string) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, notifyFile), nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var sarama bool
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		sarama = sarama || p == "github.com/IBM/sarama"
		if strings.Contains(p, "opentelemetry") {
			t.Fatalf("%s imports %s: not the module-traced shape", notifyFile, p)
		}
	}
	if !sarama {
		t.Fatalf("%s does not import sarama", notifyFile)
	}
	data := readFile(t, filepath.Join(dir, "go.mod"))
	mf, err := modfile.Parse("go.mod", []byte(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(mf.Require, func(r *modfile.Require) bool {
		return r.Mod.Path == "go.opentelemetry.io/otel" && !r.Indirect
	}) {
		t.Fatal("go.mod does not require go.opentelemetry.io/otel directly")
	}
}

// A vetFinding is one diagnostic of the JSON that go vet -json and
// tracewire -json print, with its file relative to the module root.
type vetFinding struct {
	Analyzer, File, Message string
	Line, Col               int
}

// parseVetJSON parses the drivers' JSON output (one object per package,
// or a stream of them) and returns its findings in root's files, sorted.
// A finding in a file outside root fails the test.
func parseVetJSON(t *testing.T, root string, out []byte) []vetFinding {
	t.Helper()
	var found []vetFinding
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var pkgs map[string]map[string]json.RawMessage
		if err := dec.Decode(&pkgs); err != nil {
			t.Fatalf("bad JSON output: %v\n%s", err, out)
		}
		for _, analyzers := range pkgs {
			for name, raw := range analyzers {
				var diags []struct {
					Posn, Message string
				}
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("%s: %v: %s", name, err, raw)
				}
				for _, d := range diags {
					file, line, col := splitPosn(t, d.Posn)
					rel, err := filepath.Rel(root, file)
					if err != nil || strings.HasPrefix(rel, "..") {
						t.Errorf("finding %q in %s, outside %s", d.Message, file, root)
						continue
					}
					found = append(found, vetFinding{name, filepath.ToSlash(rel), d.Message, line, col})
				}
			}
		}
	}
	slices.SortFunc(found, func(a, b vetFinding) int {
		return strings.Compare(a.File+"\x00"+strconv.Itoa(a.Line)+"\x00"+a.Message, b.File+"\x00"+strconv.Itoa(b.Line)+"\x00"+b.Message)
	})
	return found
}

func splitPosn(t *testing.T, posn string) (string, int, int) {
	t.Helper()
	i := strings.LastIndex(posn, ":")
	j := strings.LastIndex(posn[:max(i, 0)], ":")
	if i < 0 || j < 0 {
		t.Fatalf("bad position %q", posn)
	}
	line, err1 := strconv.Atoi(posn[j+1 : i])
	col, err2 := strconv.Atoi(posn[i+1:])
	if err1 != nil || err2 != nil {
		t.Fatalf("bad position %q", posn)
	}
	return posn[:j], line, col
}

var (
	tracewireOnce sync.Once
	tracewireBin  string
	tracewireErr  error
)

// buildTracewire builds the standalone tracewire next to tracewire-gopls.
func buildTracewire(t *testing.T, bin string) string {
	t.Helper()
	tracewireOnce.Do(func() {
		tracewireBin = filepath.Join(filepath.Dir(bin), "tracewire")
		out, err := exec.Command("go", "build", "-o", tracewireBin, "../tracewire").CombinedOutput()
		if err != nil {
			tracewireErr = err
			t.Logf("go build ../tracewire: %s", out)
		}
	})
	if tracewireErr != nil {
		t.Fatal(tracewireErr)
	}
	return tracewireBin
}

// runIn runs a command in dir with env and returns its stdout; an exit
// status other than 0 and those in ok fails the test.
func runIn(t *testing.T, dir string, env []string, ok []int, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		code := -1
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		}
		if !slices.Contains(ok, code) {
			t.Fatalf("%s %s in %s: %v\n%s%s", name, strings.Join(args, " "), dir, err, out, stderr.String())
		}
	}
	return out
}

// TestModuleTracedEditor opens notifications.go through tracewire-gopls
// and the real gopls: the finding `tracewire ./...` reports there is
// published, with its quick fix. Then go vet in the terminal, whose cache
// now holds the editor's run of the same text, reports it too.
func TestModuleTracedEditor(t *testing.T) {
	bin, gopls := setup(t)
	dir := demoCopy(t)
	checkShape(t, dir)
	env := childEnv(gopls)

	// What the standalone checker reports in the file.
	standalone := parseVetJSON(t, dir, runIn(t, dir, env, []int{3}, buildTracewire(t, bin), "-json", "./..."))
	var want []string
	for _, f := range standalone {
		if f.File == notifyFile {
			want = append(want, f.Message)
		}
	}
	if !slices.ContainsFunc(want, func(m string) bool { return strings.Contains(m, notifyFinding) }) {
		t.Fatalf("tracewire ./... does not report %q in %s: %v", notifyFinding, notifyFile, standalone)
	}

	path := filepath.Join(dir, filepath.FromSlash(notifyFile))
	uri := fileURI(path)
	text := readFile(t, path)
	s := start(t, bin, gopls, dir)
	s.initialize(dir, nil)
	s.open(uri, text)
	// The first analysis's log line says how many findings it published
	// (before it logged them; the test reads stdout and stderr apart).
	var findings int
	s.waitFor("the analysis of the opened file", func() bool {
		m := analysisFindings.FindSubmatch(s.log.Bytes())
		if m != nil {
			findings, _ = strconv.Atoi(string(m[1]))
		}
		return m != nil
	})
	diags := s.waitDiags(uri, "the analysis's findings", func(ds []diagnostic) bool {
		n := 0
		for _, d := range ds {
			if d.Source == "tracewire" {
				n++
			}
		}
		return n == findings
	})
	var got []string
	for _, d := range diags {
		if d.Source == "tracewire" {
			got = append(got, d.Message)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("tracewire-gopls publishes %q for %s; tracewire ./... reports %q", got, notifyFile, want)
	}
	d := find(t, diags, func(d diagnostic) bool { return isTracewire(d, notifyFinding) })
	resp := s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        d.Range,
		"context":      map[string]any{"diagnostics": []diagnostic{d}},
	})
	var actions []codeAction
	if err := json.Unmarshal(resp.Result, &actions); err != nil {
		t.Fatalf("codeAction: %v: %s", err, resp.Result)
	}
	i := slices.IndexFunc(actions, func(a codeAction) bool {
		return a.Kind == "quickfix" && a.Title == "Inject the trace context into the message headers"
	})
	if i < 0 || actions[i].Edit == nil {
		t.Fatalf("no quick fix for the finding among %s", resp.Result)
	}
	fixed := applyEdits(t, text, actions[i].Edit.Changes[uri])
	if !strings.Contains(fixed, "otel.GetTextMapPropagator().Inject(ctx, carrier)") {
		t.Errorf("the quick fix does not inject:\n%s", fixed)
	}
	s.shutdown()

	// The terminal, after the editor: same build cache, same text.
	vet := parseVetJSON(t, dir, runIn(t, dir, env, nil, "go", "vet", "-vettool="+bin, "-json", "./notifications"))
	if len(vet) != 1 || !strings.Contains(vet[0].Message, notifyFinding) || vet[0].File != notifyFile {
		t.Errorf("go vet after the editor's analysis: %v, want the finding in %s", vet, notifyFile)
	}
}

// TestModuleTracedVet runs go vet on notifications with a fresh build cache
// in two directories, one of them inside another module that does not
// trace, with the package's file given through an -overlay from a
// directory inside that module (as tracewire-gopls gives open files, with
// its -editor flag), then
// from disk, then after go.mod stops requiring OpenTelemetry directly, and
// after it does again. Every step must report what a fresh analysis of
// the files reports, the same in both directories.
func TestModuleTracedVet(t *testing.T) {
	bin, gopls := setup(t)
	root := t.TempDir()
	outer := filepath.Join(root, "outer")
	if err := os.MkdirAll(outer, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outer, "go.mod"), []byte("module example.com/outer\n\ngo 1.26.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dirs := []string{filepath.Join(root, "a", "shop"), filepath.Join(outer, "nested", "shop")}
	var results [][]vetFinding
	for i, dir := range dirs {
		if err := os.CopyFS(dir, os.DirFS(demoDir)); err != nil {
			t.Fatal(err)
		}
		checkShape(t, dir)
		gocache := filepath.Join(root, "gocache"+strconv.Itoa(i))
		env := append(childEnv(gopls), "GOCACHE="+gocache)
		vet := func(step string, args ...string) []vetFinding {
			t.Helper()
			out := runIn(t, dir, env, nil, "go", append([]string{"vet", "-vettool=" + bin, "-json"}, append(args, "./notifications")...)...)
			found := parseVetJSON(t, dir, out)
			t.Logf("%s: %s: %v", dir, step, found)
			return found
		}
		// The overlay copy lives under outer, a module without
		// OpenTelemetry, and its go vet output names the copy: relate it
		// to the file it replaces.
		copyDir := filepath.Join(outer, "tmp", "overlay-"+strconv.Itoa(i))
		copyPath := filepath.Join(copyDir, "notifications.go")
		orig := filepath.Join(dir, filepath.FromSlash(notifyFile))
		if err := os.MkdirAll(copyDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(copyPath, []byte(readFile(t, orig)), 0o644); err != nil {
			t.Fatal(err)
		}
		overlay := filepath.Join(copyDir, "overlay.json")
		ov, _ := json.Marshal(map[string]any{"Replace": map[string]string{orig: copyPath}})
		if err := os.WriteFile(overlay, ov, 0o644); err != nil {
			t.Fatal(err)
		}

		// As tracewire-gopls runs it: with its flag, so that go vet caches
		// the output, which names the copy, apart from other runs'.
		overlaid := parseVetJSON(t, outer, runIn(t, dir, env, nil, "go", "vet", "-vettool="+bin, "-json", "-"+lspproxy.EditorFlag, "-overlay="+overlay, "./notifications"))
		t.Logf("%s: overlay: %v", dir, overlaid)
		if len(overlaid) != 1 || !strings.Contains(overlaid[0].Message, notifyFinding) {
			t.Errorf("%s: go vet -overlay: %v, want the finding", dir, overlaid)
		}
		disk := vet("from disk, after the overlay")
		if len(disk) != 1 || disk[0].File != notifyFile || !strings.Contains(disk[0].Message, notifyFinding) {
			t.Errorf("%s: go vet after the overlay run: %v, want the finding in %s", dir, disk, notifyFile)
		}
		gomod := filepath.Join(dir, "go.mod")
		traced := readFile(t, gomod)
		indirect := strings.NewReplacer(
			"\tgo.opentelemetry.io/otel v1.47.0\n", "\tgo.opentelemetry.io/otel v1.47.0 // indirect\n",
			"\tgo.opentelemetry.io/otel/trace v1.47.0\n", "\tgo.opentelemetry.io/otel/trace v1.47.0 // indirect\n",
		).Replace(traced)
		if indirect == traced {
			t.Fatal("could not make the OpenTelemetry requirements indirect")
		}
		if err := os.WriteFile(gomod, []byte(indirect), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := vet("OpenTelemetry indirect"); len(got) != 0 {
			t.Errorf("%s: go vet with OpenTelemetry required only indirectly: %v, want nothing (a stale result)", dir, got)
		}
		if err := os.WriteFile(gomod, []byte(traced), 0o644); err != nil {
			t.Fatal(err)
		}
		again := vet("OpenTelemetry direct again")
		if !slices.Equal(again, disk) {
			t.Errorf("%s: go vet with OpenTelemetry direct again: %v, want %v", dir, again, disk)
		}
		results = append(results, disk)
	}
	if !slices.Equal(results[0], results[1]) {
		t.Errorf("the directories differ:\n%s: %v\n%s: %v", dirs[0], results[0], dirs[1], results[1])
	}
}

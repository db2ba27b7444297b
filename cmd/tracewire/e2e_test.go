package main

// End-to-end tests: build the tracewire binary and run it, the way users
// do, on a copy of the bundled demo module (testdata/demo) as a go vet
// tool, as a go fix tool and standalone.
//
// The demo type-checks against sarama, confluent-kafka-go (cgo) and
// OpenTelemetry. The child go commands run with GOPROXY=off, so those
// modules must already be in the module cache: scripts/test.sh downloads
// them (or run `go mod download` in testdata/demo).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// demoDir is the bundled demo module, relative to this package.
const demoDir = "../../testdata/demo"

// A finding is a diagnostic the demo must produce.
type finding struct {
	file      string   // slash-separated, relative to the module root
	analyzer  string   // analyzer name (checked where the output names it)
	fragments []string // substrings of the message
}

// demoFindings are all of the demo's findings: one per broken place. One
// depends on facts about another package (messaging), and the demo's
// correct CancellationHandler is silent only thanks to them: under go vet
// the facts cross the package boundary serialized in vet's fact files.
var demoFindings = []finding{
	{
		file:     "orderapi/service.go",
		analyzer: "producerinject",
		fragments: []string{
			"sarama SyncProducer.SendMessage sends msg without injected trace context",
			"inject ctx into the headers",
		},
	},
	{
		// Depends on facts: messaging.Publish (another package) sends its
		// message parameter without injecting, so its caller is judged.
		file:     "orderapi/service.go",
		analyzer: "producerinject",
		fragments: []string{
			"messaging.Publish sends msg (with sarama SyncProducer.SendMessage) without injected trace context",
			"inject ctx into the headers",
		},
	},
	{
		file:     "orderapi/handler.go",
		analyzer: "producerinject",
		fragments: []string{
			"msg is sent on sarama AsyncProducer.Input() without injected trace context",
			"inject r.Context() into the headers",
		},
	},
	{
		file:     "fulfillment/orders.go",
		analyzer: "consumerextract",
		fragments: []string{
			`span "fulfillment.reserve_stock" is started from sess.Context(), not from the trace context in msg's headers`,
		},
	},
	{
		file:     "fulfillment/payments.go",
		analyzer: "consumerextract",
		fragments: []string{
			`span "fulfillment.ship_order" is started from ctx, not from the trace context in e's headers`,
		},
	},
}

// A diag is one diagnostic as printed or encoded by a driver.
type diag struct {
	file     string // slash-separated path as printed
	analyzer string // empty when the output does not say
	message  string
}

func (d diag) String() string {
	if d.analyzer != "" {
		return fmt.Sprintf("%s: [%s] %s", d.file, d.analyzer, d.message)
	}
	return fmt.Sprintf("%s: %s", d.file, d.message)
}

func (f finding) matches(d diag) bool {
	if d.file != f.file && !strings.HasSuffix(d.file, "/"+f.file) {
		return false
	}
	if d.analyzer != "" && d.analyzer != f.analyzer {
		return false
	}
	for _, frag := range f.fragments {
		if !strings.Contains(d.message, frag) {
			return false
		}
	}
	return true
}

// checkFindings asserts that diags are exactly demoFindings, one each.
func checkFindings(t *testing.T, diags []diag) {
	t.Helper()
	used := make([]bool, len(diags))
	for _, f := range demoFindings {
		found := false
		for i, d := range diags {
			if !used[i] && f.matches(d) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing finding in %s (%s): %q", f.file, f.analyzer, f.fragments)
		}
	}
	for i, d := range diags {
		if !used[i] {
			t.Errorf("unexpected finding: %v", d)
		}
	}
	if len(diags) != len(demoFindings) {
		t.Errorf("got %d findings, want %d", len(diags), len(demoFindings))
	}
}

// plainDiag matches a "file:line:col: message" line.
var plainDiag = regexp.MustCompile(`^(.+\.go):\d+:\d+: (.*)$`)

// parsePlain parses the plain-text diagnostics of go vet or tracewire. Any
// other line is an error.
func parsePlain(t *testing.T, out string) []diag {
	t.Helper()
	var diags []diag
	for line := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		if line == "" || strings.HasPrefix(line, "# ") {
			continue // package header
		}
		m := plainDiag.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("unexpected output line: %q", line)
			continue
		}
		diags = append(diags, diag{file: filepath.ToSlash(m[1]), message: m[2]})
	}
	return diags
}

// parseJSON parses the -json output of an analysis driver: package ID ->
// analyzer -> diagnostics (or an error).
func parseJSON(t *testing.T, out []byte) []diag {
	t.Helper()
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(out, &tree); err != nil {
		t.Fatalf("parsing -json output: %v\n%s", err, out)
	}
	var diags []diag
	for pkg, byAnalyzer := range tree {
		for name, raw := range byAnalyzer {
			var list []struct {
				Posn           string `json:"posn"`
				Message        string `json:"message"`
				SuggestedFixes []struct {
					Message string `json:"message"`
				} `json:"suggested_fixes"`
			}
			if err := json.Unmarshal(raw, &list); err != nil {
				t.Errorf("%s: %s: not a diagnostic list: %s", pkg, name, raw)
				continue
			}
			for _, d := range list {
				file, _, _ := strings.Cut(d.Posn, ":")
				if len(d.SuggestedFixes) != 1 {
					t.Errorf("%s: %s: %d suggested fixes, want 1", d.Posn, name, len(d.SuggestedFixes))
				}
				diags = append(diags, diag{file: filepath.ToSlash(file), analyzer: name, message: d.Message})
			}
		}
	}
	return diags
}

// An env runs commands for the end-to-end tests.
type env struct {
	bin   string   // the tracewire binary
	gocmd string   // the go command
	env   []string // environment of child commands
}

// newEnv builds tracewire once into a temporary directory.
func newEnv(t *testing.T) *env {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test builds tracewire and type-checks the demo module; skipped in -short mode")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go command not found: %v", err)
	}
	e := &env{gocmd: goCmd, env: childEnv()}
	e.bin = filepath.Join(t.TempDir(), "tracewire")
	if runtime.GOOS == "windows" {
		e.bin += ".exe"
	}
	if out, code := e.run(t, ".", goCmd, "env", "CGO_ENABLED"); code != 0 || strings.TrimSpace(out) != "1" {
		t.Fatalf("cgo is disabled (go env CGO_ENABLED: %q); the demo needs it for confluent-kafka-go: install a C compiler (scripts/test.sh does)", strings.TrimSpace(out))
	}
	e.mustRun(t, ".", goCmd, "build", "-o", e.bin, ".")
	// Compile the demo's dependencies once, before the subtests run go
	// vet, go fix and tracewire on it in parallel, so that a cold build
	// cache does not compile them once per subtest.
	e.mustRun(t, demoCopy(t), goCmd, "list", "-export", "-deps", "./...")
	return e
}

// childEnv is the test's environment with the network off: modules come
// from the module cache only, and go.sum is used as is.
func childEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "GOPROXY", "GOWORK":
			continue
		case "GOFLAGS":
			// -mod=mod would let the go command rewrite go.mod and
			// go.sum: keep dependency resolution strict.
			var flags []string
			for f := range strings.FieldsSeq(v) {
				if !strings.HasPrefix(strings.TrimLeft(f, "-"), "mod=") {
					flags = append(flags, f)
				}
			}
			kv = "GOFLAGS=" + strings.Join(flags, " ")
		}
		out = append(out, kv)
	}
	return append(out, "GOPROXY=off", "GOWORK=off")
}

// run runs name args in dir and returns its combined output and exit code.
func (e *env) run(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	stdout, stderr, code := e.run2(t, dir, name, args...)
	return stdout + stderr, code
}

// run2 runs name args in dir and returns its stdout, its stderr and its exit
// code.
func (e *env) run2(t *testing.T, dir, name string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = e.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	t.Logf("%s %s (%.1fs)", filepath.Base(name), strings.Join(args, " "), time.Since(start).Seconds())
	code := 0
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) || ctx.Err() != nil {
			t.Fatalf("%s %s: %v\n%s%s", filepath.Base(name), strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
		code = exit.ExitCode()
	}
	return stdout.String(), stderr.String(), code
}

// mustRun runs name args in dir and fails the test unless it succeeds.
func (e *env) mustRun(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	out, code := e.run(t, dir, name, args...)
	if code != 0 {
		t.Fatalf("%s %s: exit status %d\n%s%s", filepath.Base(name), strings.Join(args, " "), code, out, hint(out))
	}
	return out
}

// hint explains the most likely setup problem behind a failure.
func hint(out string) string {
	if strings.Contains(out, "GOPROXY=off") || strings.Contains(out, "missing go.sum entry") {
		return "\n(hint: the demo's modules must be in the module cache: run scripts/test.sh, or `go mod download` in testdata/demo)"
	}
	return ""
}

// demoCopy copies the demo module into a fresh temporary directory.
func demoCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(demoDir)); err != nil {
		t.Fatalf("copying the demo: %v", err)
	}
	return dir
}

// snapshot returns the Go files of dir by slash-separated relative path.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// checkFixed asserts that dir, fixed from original, changed exactly the
// files with findings, builds, passes go vet, is gofmt-clean, and that
// tracewire (through check) reports nothing more.
func (e *env) checkFixed(t *testing.T, dir string, original map[string]string, check func()) {
	t.Helper()
	fixed := snapshot(t, dir)
	var changed, want []string
	for name, src := range fixed {
		if original[name] != src {
			changed = append(changed, name)
		}
	}
	for _, f := range demoFindings {
		if !slices.Contains(want, f.file) {
			want = append(want, f.file)
		}
	}
	slices.Sort(changed)
	slices.Sort(want)
	if !slices.Equal(changed, want) {
		t.Errorf("fixes changed %q, want %q", changed, want)
	}
	for _, name := range want {
		if src := fixed[name]; !strings.Contains(src, "otel.GetTextMapPropagator()") || !strings.Contains(src, "propagation.MapCarrier{}") {
			t.Errorf("fixed %s does not inject or extract through a propagation.MapCarrier:\n%s", name, src)
		}
	}

	e.mustRun(t, dir, e.gocmd, "build", "./...")
	e.mustRun(t, dir, e.gocmd, "vet", "./...")
	if out := e.mustRun(t, dir, "gofmt", "-l", "."); out != "" {
		t.Errorf("gofmt -l after the fixes:\n%s", out)
	}
	check()
}

// TestE2E runs the tracewire binary on the demo module.
func TestE2E(t *testing.T) {
	e := newEnv(t)
	vettool, fixtool := "-vettool="+e.bin, "-fixtool="+e.bin

	t.Run("vet", func(t *testing.T) {
		t.Parallel()
		dir := demoCopy(t)
		out, code := e.run(t, dir, e.gocmd, "vet", vettool, "./...")
		if code != 1 {
			t.Fatalf("go vet -vettool: exit status %d, want 1 (findings)\n%s%s", code, out, hint(out))
		}
		checkFindings(t, parsePlain(t, out))

		// go vet -json passes the tool's JSON through: one object per
		// package, on stdout, and exits 0. (The tool runs with the same
		// flags as above, so this is a cache hit.)
		stdout, stderr, code := e.run2(t, dir, e.gocmd, "vet", vettool, "-json", "./...")
		if code != 0 {
			t.Fatalf("go vet -vettool -json: exit status %d, want 0\n%s%s", code, stdout, stderr)
		}
		dec := json.NewDecoder(strings.NewReader(stdout))
		var diags []diag
		for dec.More() {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				t.Fatalf("decoding go vet -json output: %v\n%s", err, stdout)
			}
			diags = append(diags, parseJSON(t, raw)...)
		}
		checkFindings(t, diags)
	})

	t.Run("fix", func(t *testing.T) {
		t.Parallel()
		dir := demoCopy(t)
		original := snapshot(t, dir)

		// go fix runs the tool with -fix on every package (and, for facts
		// and types, on every dependency); the tool writes the fixed files
		// to an archive that the go command applies at the end.
		if out := e.mustRun(t, dir, e.gocmd, "fix", fixtool, "./..."); out != "" {
			t.Errorf("go fix -fixtool printed:\n%s", out)
		}
		e.checkFixed(t, dir, original, func() {
			if out := e.mustRun(t, dir, e.gocmd, "vet", vettool, "./..."); out != "" {
				t.Errorf("go vet -vettool after go fix:\n%s", out)
			}
		})
	})

	t.Run("standalone", func(t *testing.T) {
		t.Parallel()
		dir := demoCopy(t)
		stdout, stderr, code := e.run2(t, dir, e.bin, "./...")
		if code != 3 {
			t.Fatalf("tracewire ./...: exit status %d, want 3 (findings)\n%s%s%s", code, stdout, stderr, hint(stderr))
		}
		if stdout != "" {
			t.Errorf("tracewire ./... printed on stdout:\n%s", stdout)
		}
		checkFindings(t, parsePlain(t, stderr))
	})

	t.Run("standalone-fix", func(t *testing.T) {
		t.Parallel()
		dir := demoCopy(t)
		original := snapshot(t, dir)
		if out := e.mustRun(t, dir, e.bin, "-fix", "./..."); out != "" {
			t.Errorf("tracewire -fix printed:\n%s", out)
		}
		e.checkFixed(t, dir, original, func() {
			if out := e.mustRun(t, dir, e.bin, "./..."); out != "" {
				t.Errorf("tracewire after tracewire -fix:\n%s", out)
			}
		})
	})

	t.Run("standalone-json", func(t *testing.T) {
		t.Parallel()
		dir := demoCopy(t)
		stdout, stderr, code := e.run2(t, dir, e.bin, "-json", "./...")
		if code != 0 {
			t.Fatalf("tracewire -json: exit status %d, want 0\n%s%s%s", code, stdout, stderr, hint(stderr))
		}
		for _, name := range []string{`"producerinject"`, `"consumerextract"`} {
			if !strings.Contains(stdout, name) {
				t.Errorf("tracewire -json output does not mention %s", name)
			}
		}
		checkFindings(t, parseJSON(t, []byte(stdout)))
	})
}

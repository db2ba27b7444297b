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
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tracewire/tracewire/analyzer"
	"github.com/tracewire/tracewire/cmd/tracewire/internal/fixcheck"
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
		// A publisher package that imports no OpenTelemetry, in a module
		// that requires it: traced by its go.mod.
		file:     "notifications/notifications.go",
		analyzer: "producerinject",
		fragments: []string{
			"sarama SyncProducer.SendMessage sends a message without injected trace context",
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
// analyzer -> diagnostics (or an error). Each diagnostic must carry at
// least minFixes and at most one suggested fix.
func parseJSON(t *testing.T, out []byte, minFixes int) []diag {
	t.Helper()
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(out, &tree); err != nil {
		t.Fatalf("parsing -json output: %v\n%s", err, out)
	}
	var diags []diag
	for pkg, byAnalyzer := range tree {
		for name, raw := range byAnalyzer {
			var list []struct {
				Posn           string            `json:"posn"`
				Message        string            `json:"message"`
				SuggestedFixes []json.RawMessage `json:"suggested_fixes"`
			}
			if err := json.Unmarshal(raw, &list); err != nil {
				t.Errorf("%s: %s: not a diagnostic list: %s", pkg, name, raw)
				continue
			}
			for _, d := range list {
				file, _, _ := strings.Cut(d.Posn, ":")
				if n := len(d.SuggestedFixes); n < minFixes || n > 1 {
					t.Errorf("%s: %s: %d suggested fixes, want %d to 1", d.Posn, name, n, minFixes)
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
// from the module cache only, and go.sum is used as is. tracewire runs as
// users run it, without the variable that marks its own child processes.
func childEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "GOPROXY", "GOWORK", fixcheck.DriverEnv:
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
			diags = append(diags, parseJSON(t, raw, 1)...)
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
		checkFindings(t, parseJSON(t, []byte(stdout), 1))
	})
}

// unfixableSrc is a file for the demo's orderapi package with a finding
// that has no suggested fix: the producer is looked up by a call before
// the message literal, so hoisting the message into a variable would
// reorder calls.
const unfixableSrc = `package orderapi

import (
	"context"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel/trace"
)

// Ship publishes that an order was shipped.
func (s *Service) Ship(ctx context.Context, orderID string) error {
	ctx, span := s.tracer.Start(ctx, "orders.ship", trace.WithSpanKind(trace.SpanKindProducer))
	defer span.End()
	_, _, err := s.syncProducer(ctx).SendMessage(&sarama.ProducerMessage{Topic: "orders.shipped", Value: sarama.StringEncoder(orderID)})
	return err
}

func (s *Service) syncProducer(context.Context) sarama.SyncProducer { return s.producer }
`

// unfixable is the finding of unfixableSrc.
var unfixable = finding{
	file:      "orderapi/ship.go",
	analyzer:  "producerinject",
	fragments: []string{"sarama SyncProducer.SendMessage sends a message without injected trace context"},
}

// demoWithUnfixable copies the demo and adds unfixableSrc to it.
func demoWithUnfixable(t *testing.T) string {
	t.Helper()
	dir := demoCopy(t)
	if err := os.WriteFile(filepath.Join(dir, "orderapi", "ship.go"), []byte(unfixableSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// splitSummary separates the summary line that tracewire -fix prints after
// the findings it left from the rest of its stderr. It fails the test
// unless there is exactly one, last.
func splitSummary(t *testing.T, stderr string) (rest, summary string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "tracewire: ") {
		t.Fatalf("stderr does not end with tracewire's summary line:\n%s", stderr)
	}
	return strings.Join(lines[:len(lines)-1], "\n"), strings.TrimPrefix(last, "tracewire: ")
}

// checkOnly asserts that diags are exactly one finding, f.
func checkOnly(t *testing.T, diags []diag, f finding) {
	t.Helper()
	if len(diags) != 1 || !f.matches(diags[0]) {
		t.Errorf("got findings %v, want only the one in %s (%q)", diags, f.file, f.fragments)
	}
}

// TestE2EFixLeftovers runs tracewire -fix on the demo with a finding that
// has no fix: the fixes are applied (or, with -diff, printed), and the
// finding left is listed, with a summary line, and exit status 3.
func TestE2EFixLeftovers(t *testing.T) {
	e := newEnv(t)

	t.Run("fix", func(t *testing.T) {
		t.Parallel()
		dir := demoWithUnfixable(t)
		original := snapshot(t, dir)
		stdout, stderr, code := e.run2(t, dir, e.bin, "-fix", "./...")
		if code != 3 {
			t.Fatalf("tracewire -fix: exit status %d, want 3 (a finding left)\n%s%s%s", code, stdout, stderr, hint(stderr))
		}
		if stdout != "" {
			t.Errorf("tracewire -fix printed on stdout:\n%s", stdout)
		}
		rest, summary := splitSummary(t, stderr)
		checkOnly(t, parsePlain(t, rest), unfixable)
		if want := "1 finding was not fixed automatically: 1 has no suggested fix, fix it by hand"; summary != want {
			t.Errorf("summary %q, want %q", summary, want)
		}

		// The other findings were fixed; ship.go is as it was.
		e.checkFixed(t, dir, original, func() {
			_, stderr, code := e.run2(t, dir, e.bin, "./...")
			if code != 3 {
				t.Errorf("tracewire after tracewire -fix: exit status %d, want 3\n%s", code, stderr)
			}
			checkOnly(t, parsePlain(t, stderr), unfixable)
		})

		// Nothing to fix, the same finding left: exit 3 again.
		_, stderr, code = e.run2(t, dir, e.bin, "-fix", "./...")
		if code != 3 {
			t.Errorf("second tracewire -fix: exit status %d, want 3\n%s", code, stderr)
		}
		rest, _ = splitSummary(t, stderr)
		checkOnly(t, parsePlain(t, rest), unfixable)

		// Once it is gone, -fix is silent and exits 0.
		if err := os.Remove(filepath.Join(dir, "orderapi", "ship.go")); err != nil {
			t.Fatal(err)
		}
		if out := e.mustRun(t, dir, e.bin, "-fix", "./..."); out != "" {
			t.Errorf("tracewire -fix with nothing left printed:\n%s", out)
		}
	})

	t.Run("diff", func(t *testing.T) {
		t.Parallel()
		dir := demoWithUnfixable(t)
		original := snapshot(t, dir)
		stdout, stderr, code := e.run2(t, dir, e.bin, "-fix", "-diff", "./...")
		if code != 3 {
			t.Fatalf("tracewire -fix -diff: exit status %d, want 3 (a finding left)\n%s%s%s", code, stdout, stderr, hint(stderr))
		}
		if !maps.Equal(snapshot(t, dir), original) {
			t.Errorf("tracewire -fix -diff changed files")
		}
		// The diff covers the files with fixable findings, not ship.go.
		var diffed []string
		for line := range strings.SplitSeq(stdout, "\n") {
			if name, ok := strings.CutPrefix(line, "+++ "); ok {
				name = strings.TrimSuffix(name, " (new)")
				rel, err := filepath.Rel(dir, name)
				if err != nil {
					t.Fatal(err)
				}
				diffed = append(diffed, filepath.ToSlash(rel))
			}
		}
		var want []string
		for _, f := range demoFindings {
			if !slices.Contains(want, f.file) {
				want = append(want, f.file)
			}
		}
		slices.Sort(diffed)
		slices.Sort(want)
		if !slices.Equal(diffed, want) {
			t.Errorf("tracewire -fix -diff printed diffs of %q, want %q\n%s", diffed, want, stdout)
		}
		rest, summary := splitSummary(t, stderr)
		checkOnly(t, parsePlain(t, rest), unfixable)
		if want := "1 finding has no suggested fix and is not in the diff: fix it by hand"; summary != want {
			t.Errorf("summary %q, want %q", summary, want)
		}
	})

	t.Run("json", func(t *testing.T) {
		t.Parallel()
		dir := demoWithUnfixable(t)
		stdout, stderr, code := e.run2(t, dir, e.bin, "-fix", "-json", "./...")
		if code != 3 {
			t.Fatalf("tracewire -fix -json: exit status %d, want 3 (a finding left)\n%s%s%s", code, stdout, stderr, hint(stderr))
		}
		if _, summary := splitSummary(t, stderr); !strings.HasPrefix(summary, "1 finding was not fixed") {
			t.Errorf("unexpected summary %q", summary)
		}
		var tree map[string]map[string][]struct {
			Posn, Message  string
			SuggestedFixes []any `json:"suggested_fixes"`
		}
		if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
			t.Fatalf("parsing -json output: %v\n%s", err, stdout)
		}
		var diags []diag
		for _, byAnalyzer := range tree {
			for name, list := range byAnalyzer {
				for _, d := range list {
					file, _, _ := strings.Cut(d.Posn, ":")
					diags = append(diags, diag{file: filepath.ToSlash(file), analyzer: name, message: d.Message})
				}
			}
		}
		checkOnly(t, diags, unfixable)
	})
}

// TestE2EDriverFlags checks that fixcheck, which reads a standalone -fix
// command line before multichecker does, knows the driver's flags: every
// flag tracewire -flags prints is a driver flag fixcheck knows, with the
// same kind (boolean or not), or an analyzer's.
func TestE2EDriverFlags(t *testing.T) {
	e := newEnv(t)
	out := e.mustRun(t, ".", e.bin, "-flags")
	var flags []struct {
		Name string
		Bool bool
	}
	if err := json.Unmarshal([]byte(out), &flags); err != nil {
		t.Fatalf("parsing tracewire -flags: %v\n%s", err, out)
	}
	known := fixcheck.DriverFlags()
	analyzers := map[string]bool{}
	for _, a := range analyzer.Analyzers() {
		analyzers[a.Name] = true
		a.Flags.VisitAll(func(f *flag.Flag) {
			b, ok := f.Value.(interface{ IsBoolFlag() bool })
			analyzers[a.Name+"."+f.Name] = ok && b.IsBoolFlag()
		})
	}
	printed := map[string]bool{}
	for _, f := range flags {
		printed[f.Name] = true
		isBool, ok := known[f.Name]
		if !ok {
			isBool, ok = analyzers[f.Name]
		}
		switch {
		case !ok:
			t.Errorf("flag -%s is unknown to fixcheck", f.Name)
		case isBool != f.Bool:
			t.Errorf("flag -%s: fixcheck takes it as boolean=%v, the driver as boolean=%v", f.Name, isBool, f.Bool)
		}
	}
	for name := range known {
		switch name {
		case "debug", "cpuprofile", "memprofile", "trace", "fix":
			continue // -flags leaves these out
		}
		if !printed[name] {
			t.Errorf("fixcheck knows a driver flag -%s that tracewire -flags does not print", name)
		}
	}
}

package plugin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tracewire/tracewire/analyzer"
)

// gclVersion is the golangci-lint the plugin is built into, pinned in
// testdata/gcl/go.mod and in the repository's .custom-gcl.yml.
const gclVersion = "v2.15.0"

// TestGolangciLint builds golangci-lint with the tracewire plugin the way
// `golangci-lint custom` does (testdata/gcl: golangci-lint's main with a
// blank import of this package) and runs it on copies of the demo module
// (testdata/demo). The findings it must report are those the standalone
// tracewire binary reports on the same copy with the same configuration.
//
// The binary is cached between runs under $TRACEWIRE_GCL_CACHE or
// os.UserCacheDir()/tracewire-gcl, keyed by testdata/gcl's go.mod and
// go.sum, the plugin's and analyzers' sources and the Go version. With
// -short the test is skipped.
func TestGolangciLint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint with the plugin (minutes unless cached)")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	gcl := &golangciLint{bin: customGolangciLint(t, root), cache: t.TempDir()}
	tw := buildTracewire(t, root)
	demo := filepath.Join(root, "testdata", "demo")

	// The demo, with the wiring bugs of wiringDemo added, reports
	// findings of every analyzer.
	want := sortFindings(standalone(t, tw, wiringDemo(t, demo)))
	// The demo's own findings, for the subtests that use it as it is.
	plain := sortFindings(standalone(t, tw, copyDir(t, demo)))
	for _, name := range analyzer.Names() {
		if !slices.ContainsFunc(want, func(f finding) bool { return f.analyzer() == name }) {
			t.Fatalf("the demo has no %s finding; tracewire reports:\n%s", name, lines(want))
		}
	}

	t.Run("findings", func(t *testing.T) {
		t.Parallel()
		dir := wiringDemo(t, demo)
		writeConfig(t, dir, "")
		out := t.TempDir()
		jsonPath, sarifPath := filepath.Join(out, "report.json"), filepath.Join(out, "report.sarif")
		r := gcl.run(t, dir, "run",
			"--output.text.path=stdout",
			"--output.json.path="+jsonPath,
			"--output.sarif.path="+sarifPath,
			"./...")
		r.wantExit(t, 1)
		same(t, "JSON output", readJSONReport(t, jsonPath, dir), want)
		same(t, "SARIF output", readSARIF(t, sarifPath, dir), want)
		for _, f := range want {
			if line := f.String() + " (" + Name + ")"; !strings.Contains(r.stdout, line) {
				t.Errorf("text output lacks %q:\n%s", line, r.stdout)
			}
		}
	})

	t.Run("disable an analyzer", func(t *testing.T) {
		t.Parallel()
		dir := copyDir(t, demo)
		// golangci-lint lowercases keys; kebab-case is accepted too.
		writeConfig(t, dir, "producer-inject:\n  enabled: false\n")
		only := standalone(t, tw, dir, "-consumerextract")
		if slices.ContainsFunc(only, func(f finding) bool { return f.analyzer() != "consumerextract" }) || len(only) == 0 {
			t.Fatalf("tracewire -consumerextract reports:\n%s", lines(only))
		}
		same(t, "findings", lint(t, gcl, dir, 1), only)
	})

	t.Run("strict", func(t *testing.T) {
		t.Parallel()
		dir := copyDir(t, demo)
		// A send with no context at hand: reported only with strict.
		writeFile(t, filepath.Join(dir, "orderapi", "zz_e2e_audit.go"), `package orderapi

import "github.com/IBM/sarama"

// publishAudit has no context to inject: only strict reports its send.
func publishAudit(p sarama.SyncProducer, payload []byte) error {
	_, _, err := p.SendMessage(&sarama.ProducerMessage{Topic: "audit", Value: sarama.ByteEncoder(payload)})
	return err
}
`)
		def := standalone(t, tw, dir)
		strict := standalone(t, tw, dir, "-producerinject.strict")
		if len(strict) <= len(def) {
			t.Fatalf("strict does not report more than the default on the demo with a context-less send:\ndefault:\n%s\nstrict:\n%s", lines(def), lines(strict))
		}
		writeConfig(t, dir, "producerinject:\n  strict: false\n")
		same(t, "strict: false", lint(t, gcl, dir, 1), def)
		writeConfig(t, dir, "producerinject:\n  enabled: true\n  strict: true\nconsumerextract:\n  enabled: true\n")
		same(t, "strict: true", lint(t, gcl, dir, 1), strict)
	})

	t.Run("module traced, from a subdirectory", func(t *testing.T) {
		t.Parallel()
		dir := copyDir(t, demo)
		writeConfig(t, dir, "")
		// A publisher package that imports no OpenTelemetry: the demo's
		// go.mod requires it directly, so the send is a finding, however
		// golangci-lint is started.
		sub := filepath.Join(dir, "notify")
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(sub, "notify.go"), `package notify

import (
	"context"

	"github.com/IBM/sarama"
)

func Shipped(ctx context.Context, p sarama.SyncProducer, id string) error {
	_, _, err := p.SendMessage(&sarama.ProducerMessage{Topic: "shipped", Value: sarama.StringEncoder(id)})
	return err
}
`)
		const msg = "sarama SyncProducer.SendMessage sends a message without injected trace context"
		if !slices.ContainsFunc(standalone(t, tw, dir), func(f finding) bool { return strings.Contains(f.String(), msg) }) {
			t.Fatalf("tracewire does not report the publisher's send")
		}
		r := gcl.run(t, sub, "run", "./...")
		r.wantExit(t, 1)
		if !strings.Contains(r.stdout, msg) || !strings.Contains(r.stdout, "notify.go") {
			t.Errorf("golangci-lint run in notify/ does not report the publisher's send:\n%s%s", r.stdout, r.stderr)
		}
	})

	t.Run("in-house buses", func(t *testing.T) {
		t.Parallel()
		// testdata/inhouse's buses, inline (JSON is YAML) and by file:
		// the findings of tracewire -config on the same module.
		dir := copyDir(t, filepath.Join(root, "testdata", "inhouse"))
		want := standalone(t, tw, dir, "-config=tracewire.json")
		if len(want) == 0 {
			t.Fatal("tracewire -config reports nothing on testdata/inhouse")
		}
		var config struct{ Buses json.RawMessage }
		if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "tracewire.json"))), &config); err != nil {
			t.Fatal(err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, config.Buses); err != nil {
			t.Fatal(err)
		}
		writeConfig(t, dir, "buses: "+compact.String()+"\n")
		same(t, "buses", lint(t, gcl, dir, 1), want)
		writeConfig(t, dir, "config: tracewire.json\n")
		same(t, "config", lint(t, gcl, dir, 1), want)
		// Without them, the buses are unknown.
		writeConfig(t, dir, "")
		same(t, "no buses", lint(t, gcl, dir, 0), nil)
	})

	t.Run("invalid settings", func(t *testing.T) {
		t.Parallel()
		dir := copyDir(t, demo)
		writeConfig(t, dir, "producerinject:\n  strct: true\n")
		r := gcl.run(t, dir, "run", "./...")
		r.wantExit(t, 3) // exitcodes.Failure
		const msg = `tracewire: unknown setting "producerinject.strct" (producerinject settings: enabled, strict)`
		if !strings.Contains(r.stderr, msg) {
			t.Errorf("stderr lacks %q:\n%s", msg, r.stderr)
		}
	})

	t.Run("nolint", func(t *testing.T) {
		t.Parallel()
		dir := copyDir(t, demo)
		writeConfig(t, dir, "")
		// Suppress the first finding on a line without a comment.
		for _, f := range plain {
			path := filepath.Join(dir, filepath.FromSlash(f.File))
			src := strings.Split(readFile(t, path), "\n")
			if strings.Contains(src[f.Line-1], "//") {
				continue
			}
			src[f.Line-1] += " //nolint:tracewire // e2e: suppressed"
			writeFile(t, path, strings.Join(src, "\n"))
			rest := slices.DeleteFunc(slices.Clone(plain), func(g finding) bool { return g.File == f.File && g.Line == f.Line })
			same(t, "findings with //nolint:tracewire on "+f.String(), lint(t, gcl, dir, 1), rest)
			return
		}
		t.Fatal("every finding is on a line with a comment")
	})

	t.Run("fix", func(t *testing.T) {
		t.Parallel()
		dir := copyDir(t, demo)
		writeConfig(t, dir, "")
		r := gcl.run(t, dir, "run", "--fix", "./...")
		r.wantExit(t, 0) // every finding fixed
		for _, f := range plain {
			path := filepath.Join(dir, filepath.FromSlash(f.File))
			src := readFile(t, path)
			if formatted, err := format.Source([]byte(src)); err != nil || string(formatted) != src {
				t.Errorf("%s: fixed file is not gofmt-clean (err %v)", f.File, err)
			}
		}
		gobuild := exec.Command("go", "build", "./...")
		gobuild.Dir = dir
		gobuild.Env = offlineEnv()
		if out, err := gobuild.CombinedOutput(); err != nil {
			t.Fatalf("the fixed demo does not build: %v\n%s", err, out)
		}
		same(t, "findings after --fix", lint(t, gcl, dir, 0), nil)
		same(t, "tracewire findings after golangci-lint --fix", standalone(t, tw, dir), nil)

		// golangci-lint applies the fixes tracewire -fix applies.
		ref := copyDir(t, demo)
		twfix := exec.Command(tw, "-fix", "./...")
		twfix.Dir = ref
		twfix.Env = offlineEnv()
		if out, err := twfix.CombinedOutput(); err != nil && exitCode(err) != 3 {
			t.Fatalf("tracewire -fix: %v\n%s", err, out)
		}
		for _, f := range plain {
			got := readFile(t, filepath.Join(dir, filepath.FromSlash(f.File)))
			ref := readFile(t, filepath.Join(ref, filepath.FromSlash(f.File)))
			if got != ref {
				t.Errorf("%s: golangci-lint --fix and tracewire -fix differ:\n%s", f.File, firstDifference(got, ref))
			}
		}
	})
}

// firstDifference shows the lines around the first line where a and b
// differ.
func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	i := 0
	for i < len(al) && i < len(bl) && al[i] == bl[i] {
		i++
	}
	window := func(ls []string) string {
		lo, hi := max(0, i-3), min(len(ls), i+4)
		return strings.Join(ls[lo:hi], "\n")
	}
	return fmt.Sprintf("at line %d\n--- golangci-lint --fix\n%s\n--- tracewire -fix\n%s", i+1, window(al), window(bl))
}

// A finding is one diagnostic: its file relative to the module root, its
// position, and its text as golangci-lint prints it ("analyzer: message").
type finding struct {
	File      string
	Line, Col int
	Text      string
}

func (f finding) String() string { return fmt.Sprintf("%s:%d:%d: %s", f.File, f.Line, f.Col, f.Text) }

func (f finding) analyzer() string { name, _, _ := strings.Cut(f.Text, ":"); return name }

func lines(list []finding) string {
	var b strings.Builder
	for _, f := range list {
		b.WriteString("\t" + f.String() + "\n")
	}
	if len(list) == 0 {
		b.WriteString("\t(none)\n")
	}
	return b.String()
}

func sortFindings(fs []finding) []finding {
	sort.Slice(fs, func(i, j int) bool { return fs[i].String() < fs[j].String() })
	return fs
}

func same(t *testing.T, what string, got, want []finding) {
	t.Helper()
	got, want = sortFindings(slices.Clone(got)), sortFindings(slices.Clone(want))
	if !slices.Equal(got, want) {
		t.Errorf("%s:\ngot (golangci-lint)\n%swant (tracewire)\n%s", what, lines(got), lines(want))
	}
}

// relFile returns name relative to dir, with slashes.
func relFile(t *testing.T, dir, name string) string {
	t.Helper()
	if filepath.IsAbs(name) {
		r, err := filepath.Rel(dir, name)
		if err != nil {
			t.Fatal(err)
		}
		name = r
	}
	return filepath.ToSlash(name)
}

// standalone runs the tracewire binary with flags on the module in dir.
func standalone(t *testing.T, tw, dir string, flags ...string) []finding {
	t.Helper()
	cmd := exec.Command(tw, append(append([]string{"-json"}, flags...), "./...")...)
	cmd.Dir = dir
	cmd.Env = offlineEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil && exitCode(err) != 3 {
		t.Fatalf("tracewire %s: %v\n%s", strings.Join(flags, " "), err, stderr.String())
	}
	// {"pkg": {"analyzer": [{"posn": "file:line:col", "message": "..."}] or {"error": ...}}}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(stdout.Bytes(), &tree); err != nil {
		t.Fatalf("tracewire -json: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	var out []finding
	for pkg, byAnalyzer := range tree {
		for name, raw := range byAnalyzer {
			var diags []struct{ Posn, Message string }
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Fatalf("tracewire: %s on %s: %s", name, pkg, raw)
			}
			for _, d := range diags {
				file, line, col := splitPosn(t, d.Posn)
				out = append(out, finding{relFile(t, dir, file), line, col, name + ": " + d.Message})
			}
		}
	}
	if stderr.Len() > 0 {
		t.Logf("tracewire %s: stderr:\n%s", strings.Join(flags, " "), stderr.String())
	}
	return out
}

func splitPosn(t *testing.T, posn string) (string, int, int) {
	t.Helper()
	rest, colStr, ok1 := cutLast(posn, ":")
	file, lineStr, ok2 := cutLast(rest, ":")
	line, err1 := strconv.Atoi(lineStr)
	col, err2 := strconv.Atoi(colStr)
	if !ok1 || !ok2 || err1 != nil || err2 != nil {
		t.Fatalf("bad position %q", posn)
	}
	return file, line, col
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// lint runs the custom golangci-lint on dir and returns its findings,
// failing unless it exits with code.
func lint(t *testing.T, gcl *golangciLint, dir string, code int) []finding {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.json")
	r := gcl.run(t, dir, "run", "--output.json.path="+path, "./...")
	r.wantExit(t, code)
	return readJSONReport(t, path, dir)
}

func readJSONReport(t *testing.T, path, dir string) []finding {
	t.Helper()
	var report struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename     string
				Line, Column int
			}
		}
	}
	if err := json.Unmarshal([]byte(readFile(t, path)), &report); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []finding
	for _, is := range report.Issues {
		if is.FromLinter != Name {
			t.Errorf("issue from linter %q, want %q: %s", is.FromLinter, Name, is.Text)
		}
		out = append(out, finding{relFile(t, dir, is.Pos.Filename), is.Pos.Line, is.Pos.Column, is.Text})
	}
	return out
}

func readSARIF(t *testing.T, path, dir string) []finding {
	t.Helper()
	var report struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct{ Name string }
			}
			Results []struct {
				RuleID    string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(readFile(t, path)), &report); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if report.Version != "2.1.0" || len(report.Runs) != 1 || report.Runs[0].Tool.Driver.Name != "golangci-lint" {
		t.Fatalf("%s: not a SARIF 2.1.0 report of one golangci-lint run", path)
	}
	var out []finding
	for _, r := range report.Runs[0].Results {
		if r.RuleID != Name {
			t.Errorf("SARIF result with ruleId %q, want %q", r.RuleID, Name)
		}
		if len(r.Locations) != 1 {
			t.Fatalf("SARIF result with %d locations", len(r.Locations))
		}
		loc := r.Locations[0].PhysicalLocation
		out = append(out, finding{relFile(t, dir, loc.ArtifactLocation.URI), loc.Region.StartLine, loc.Region.StartColumn, r.Message.Text})
	}
	return out
}

// writeConfig writes a .golangci.yml to dir that enables only tracewire,
// with settings (YAML, unindented) as its settings, and every issue shown.
func writeConfig(t *testing.T, dir, settings string) {
	t.Helper()
	cfg := `version: "2"
run:
  allow-parallel-runners: true # the subtests run in parallel
linters:
  default: none
  enable:
    - tracewire
  settings:
    custom:
      tracewire:
        type: module
        description: broken trace-context propagation at Kafka boundaries
        original-url: https://github.com/tracewire/tracewire
`
	if settings != "" {
		cfg += "        settings:\n"
		for l := range strings.Lines(settings) {
			cfg += "          " + l
		}
	}
	cfg += `issues:
  max-issues-per-linter: 0
  max-same-issues: 0
`
	writeFile(t, filepath.Join(dir, ".golangci.yml"), cfg)
}

type result struct {
	stdout, stderr string
	code           int
	args           []string
}

func (r result) wantExit(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("golangci-lint %s: exit code %d, want %d\nstdout:\n%s\nstderr:\n%s",
			strings.Join(r.args, " "), r.code, code, r.stdout, r.stderr)
	}
}

// golangciLint is the custom golangci-lint binary and the cache its runs
// share (the findings for the dependencies of the demo are computed once per
// configuration; golangci-lint keys the cache on file contents and salts it
// with the settings).
type golangciLint struct {
	bin, cache string
}

// run runs the custom golangci-lint in dir, offline.
func (g *golangciLint) run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	ctx, cancel := deadline(t, 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, g.bin, args...)
	cmd.Dir = dir
	cmd.Env = append(offlineEnv(), "GOLANGCI_LINT_CACHE="+g.cache)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := exitCode(err)
	if code < 0 {
		t.Fatalf("golangci-lint %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return result{stdout.String(), stderr.String(), code, args}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) && ee.Exited() {
		return ee.ExitCode()
	}
	return -1
}

// offlineEnv is the environment of every command: modules come from the
// module cache only (scripts/test.sh downloads them).
func offlineEnv() []string {
	return append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local")
}

// deadline returns a context that ends margin before the test's deadline.
func deadline(t *testing.T, margin time.Duration) (context.Context, context.CancelFunc) {
	if d, ok := t.Deadline(); ok {
		return context.WithDeadline(context.Background(), d.Add(-margin))
	}
	return context.WithCancel(context.Background())
}

func buildTracewire(t *testing.T, root string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tracewire"+exeSuffix())
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/tracewire")
	cmd.Dir = root
	cmd.Env = offlineEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/tracewire: %v\n%s", err, out)
	}
	return bin
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// customGolangciLint returns the path of golangci-lint built with the
// plugin from testdata/gcl, building it unless a build for the same
// sources is cached.
func customGolangciLint(t *testing.T, root string) string {
	t.Helper()
	mod := filepath.Join(root, "plugin", "testdata", "gcl")
	key := sourceKey(t, root, mod)
	base := os.Getenv("TRACEWIRE_GCL_CACHE")
	if base == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			dir = os.TempDir()
		}
		base = filepath.Join(dir, "tracewire-gcl")
	}
	dir := filepath.Join(base, key[:24])
	bin := filepath.Join(dir, "golangci-lint"+exeSuffix())
	if _, err := os.Stat(bin); err == nil {
		now := time.Now()
		_ = os.Chtimes(dir, now, now) // most recently used: kept by prune
		t.Logf("golangci-lint %s with tracewire: cached %s", gclVersion, bin)
		return bin
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.CreateTemp(dir, "build-*"+exeSuffix())
	if err != nil {
		t.Fatal(err)
	}
	_ = tmp.Close()
	defer func() { _ = os.Remove(tmp.Name()) }()

	ctx, cancel := deadline(t, 2*time.Minute)
	defer cancel()
	start := time.Now()
	// As golangci-lint custom builds: go build -ldflags "-s -w -X main.version=<version>-custom-gcl-<hash>".
	cmd := exec.CommandContext(ctx, "go", "build",
		"-ldflags", "-s -w -X main.version="+gclVersion+"-custom-gcl-"+key[:12],
		"-o", tmp.Name(), ".")
	cmd.Dir = mod
	cmd.Env = offlineEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			t.Fatalf("building golangci-lint did not finish before the test deadline (%v); run go test with a larger -timeout", time.Since(start).Round(time.Second))
		}
		t.Fatalf("building golangci-lint with the plugin (in %s): %v\n%s\n"+
			"Modules missing from the cache: run scripts/test.sh, which downloads those of plugin/testdata/gcl. "+
			"Missing go.sum entries after a change to the root go.mod: run go mod tidy in plugin/testdata/gcl.", mod, err, out)
	}
	if err := os.Rename(tmp.Name(), bin); err != nil {
		t.Fatal(err)
	}
	t.Logf("golangci-lint %s with tracewire: built %s in %v", gclVersion, bin, time.Since(start).Round(time.Second))
	prune(t, base, dir)
	return bin
}

// prune removes cached builds other than keep and the two most recently
// used, leaving any used in the last hour (another test may be using it).
func prune(t *testing.T, base, keep string) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return
	}
	type build struct {
		dir  string
		used time.Time
	}
	var builds []build
	for _, e := range entries {
		dir := filepath.Join(base, e.Name())
		info, err := e.Info()
		if !e.IsDir() || dir == keep || err != nil {
			continue
		}
		builds = append(builds, build{dir, info.ModTime()})
	}
	sort.Slice(builds, func(i, j int) bool { return builds[i].used.After(builds[j].used) })
	for i, b := range builds {
		if i >= 2 && time.Since(b.used) > time.Hour {
			if err := os.RemoveAll(b.dir); err == nil {
				t.Logf("removed cached build %s", b.dir)
			}
		}
	}
}

// sourceKey hashes what the custom binary is built from: testdata/gcl's
// go.mod, go.sum and main package, the root go.mod and go.sum, the Go
// sources of analyzer/ and plugin/ (tests and testdata excepted), and the
// Go version and platform.
func sourceKey(t *testing.T, root, mod string) string {
	t.Helper()
	h := sha256.New()
	_, _ = fmt.Fprintf(h, "tracewire-gcl %s %s %s/%s\n", gclVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	add := func(path string) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, path)
		_, _ = fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		add(filepath.Join(mod, name))
		add(filepath.Join(root, name))
	}
	mains, err := filepath.Glob(filepath.Join(mod, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range mains {
		add(f)
	}
	for _, dir := range []string{"analyzer", "plugin"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
				add(path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// copyDir copies the directory tree src into a new temporary directory.
// wiringDemo copies the demo and adds what the wiring-bug analyzers report:
// a carrier whose Keys returns nil and an injection before the producer
// span (orderapi), and a program that uses the global propagator and never
// sets it (cmd/audit). The demo's own programs set the propagator and
// inject the send span's context.
func wiringDemo(t *testing.T, demo string) string {
	t.Helper()
	dir := copyDir(t, demo)
	writeFile(t, filepath.Join(dir, "orderapi", "zz_e2e_wiring.go"), `package orderapi

import (
	"context"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

// e2eHeaders is a carrier over a message's headers whose Keys returns nil.
type e2eHeaders struct{ msg *sarama.ProducerMessage }

func (c e2eHeaders) Get(key string) string {
	for _, h := range c.msg.Headers {
		if string(h.Key) == key {
			return string(h.Value)
		}
	}
	return ""
}

func (c e2eHeaders) Set(key, value string) {
	c.msg.Headers = append(c.msg.Headers, sarama.RecordHeader{Key: []byte(key), Value: []byte(value)})
}

func (c e2eHeaders) Keys() []string { return nil }

// e2eSend injects ctx, then starts the send span from it.
func e2eSend(ctx context.Context, p sarama.SyncProducer, msg *sarama.ProducerMessage) error {
	otel.GetTextMapPropagator().Inject(ctx, e2eHeaders{msg})
	ctx, span := otel.Tracer("orderapi").Start(ctx, "orders send", trace.WithSpanKind(trace.SpanKindProducer))
	defer span.End()
	_, _, err := p.SendMessage(msg)
	return err
}
`)
	if err := os.MkdirAll(filepath.Join(dir, "cmd", "audit"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "cmd", "audit", "main.go"), `package main

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func main() {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(context.Background(), carrier)
	fmt.Println(carrier)
}
`)
	return dir
}

func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	if resolved, err := filepath.EvalSymlinks(dst); err == nil {
		dst = resolved // tools report resolved paths
	}
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

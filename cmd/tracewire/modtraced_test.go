package main

// End-to-end tests of the module-traced default mode: a package that
// imports no tracing package has trace context to propagate when its
// module's go.mod requires a tracing library directly. The go.mod is found
// from the package's files, so the rule must hold alike under go vet, go
// fix, standalone, in a go.work workspace and with -mod=vendor.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const untracedDir = "../../testdata/untraced"

// publisher is a package that passes the caller's ctx along, sends, and
// imports no OpenTelemetry.
const publisher = `package pub

import (
	"context"

	"github.com/IBM/sarama"
)

func Send(ctx context.Context, sp sarama.SyncProducer, id string) error {
	_, _, err := sp.SendMessage(&sarama.ProducerMessage{Topic: "orders", Value: sarama.StringEncoder(id)})
	return err
}
`

var sendFinding = regexp.MustCompile(`pub/pub\.go:\d+:\d+: .*SendMessage sends a message without injected trace context: .*inject ctx into the headers`)

// modules writes two modules under a fresh directory, each with package
// pub: traced, whose go.mod requires OpenTelemetry directly (testdata/mod's
// requirements, tidy), and untraced, whose go.mod lists it only as
// indirect (testdata/untraced's).
func modules(t *testing.T) (root, traced, untraced string) {
	t.Helper()
	root = t.TempDir()
	traced, untraced = filepath.Join(root, "traced"), filepath.Join(root, "untraced")
	for _, d := range []string{traced, untraced} {
		if err := os.MkdirAll(filepath.Join(d, "pub"), 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(d, "pub", "pub.go"), publisher)
	}
	gomod := read(t, filepath.Join(testdata, "go.mod"))
	gomod = strings.Replace(gomod, "module example.com/tw", "module example.com/traced", 1)
	write(t, filepath.Join(traced, "go.mod"), gomod)
	write(t, filepath.Join(traced, "go.sum"), read(t, filepath.Join(testdata, "go.sum")))
	write(t, filepath.Join(untraced, "go.mod"), read(t, filepath.Join(untracedDir, "go.mod")))
	write(t, filepath.Join(untraced, "go.sum"), read(t, filepath.Join(untracedDir, "go.sum")))
	return root, traced, untraced
}

const testdata = "../../testdata/mod"

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkSend asserts that out holds the publisher's finding when want is
// true, and no finding at all otherwise.
func checkSend(t *testing.T, what, out string, want bool) {
	t.Helper()
	got := sendFinding.MatchString(out)
	switch {
	case want && !got:
		t.Errorf("%s: the send in a module that requires OpenTelemetry directly is not reported:\n%s", what, out)
	case !want && strings.Contains(out, "without injected trace context"):
		t.Errorf("%s: the send in a module that requires OpenTelemetry only indirectly is reported:\n%s", what, out)
	}
}

func TestE2EModuleTraced(t *testing.T) {
	e := newEnv(t)
	root, traced, untraced := modules(t)

	t.Run("vet", func(t *testing.T) {
		out, code := e.run(t, traced, e.gocmd, "vet", "-vettool="+e.bin, "./...")
		if code == 0 {
			t.Errorf("go vet exited 0 with a finding:\n%s", out)
		}
		checkSend(t, "go vet, traced", out, true)
		out = e.mustRun(t, untraced, e.gocmd, "vet", "-vettool="+e.bin, "./...")
		checkSend(t, "go vet, untraced", out, false)
	})

	t.Run("standalone", func(t *testing.T) {
		out, code := e.run(t, traced, e.bin, "./...")
		if code != 3 {
			t.Errorf("tracewire ./... exited %d, want 3:\n%s", code, out)
		}
		checkSend(t, "standalone, traced", out, true)
		out = e.mustRun(t, untraced, e.bin, "./...")
		checkSend(t, "standalone, untraced", out, false)
	})

	t.Run("workspace", func(t *testing.T) {
		write(t, filepath.Join(root, "go.work"), "go 1.26.0\n\nuse (\n\t./traced\n\t./untraced\n)\n")
		w := *e
		w.env = append(append([]string(nil), e.env...), "GOWORK="+filepath.Join(root, "go.work"))
		out, _ := w.run(t, root, w.gocmd, "vet", "-vettool="+w.bin, "example.com/traced/...", "example.com/untraced/...")
		if strings.Count(out, "without injected trace context") != 1 {
			t.Errorf("go vet in the workspace: want exactly the traced module's finding:\n%s", out)
		}
		checkSend(t, "go vet, workspace", out, true)
		if !strings.Contains(out, "traced"+string(filepath.Separator)+"pub") && !strings.Contains(out, "traced/pub") {
			t.Errorf("go vet in the workspace: the finding is not in the traced module:\n%s", out)
		}
	})

	t.Run("vendor", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS(traced)); err != nil {
			t.Fatal(err)
		}
		e.mustRun(t, dir, e.gocmd, "mod", "vendor")
		out, code := e.run(t, dir, e.gocmd, "vet", "-mod=vendor", "-vettool="+e.bin, "./...")
		if code == 0 {
			t.Errorf("go vet -mod=vendor exited 0 with a finding:\n%s", out)
		}
		checkSend(t, "go vet -mod=vendor", out, true)
	})

	t.Run("fix", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS(traced)); err != nil {
			t.Fatal(err)
		}
		// The fix imports OpenTelemetry, which the module requires but
		// the package did not import: it must still build.
		e.mustRun(t, dir, e.gocmd, "fix", "-fixtool="+e.bin, "./...")
		if src := read(t, filepath.Join(dir, "pub", "pub.go")); !strings.Contains(src, `"go.opentelemetry.io/otel/propagation"`) {
			t.Fatalf("go fix did not inject:\n%s", src)
		}
		e.mustRun(t, dir, e.gocmd, "build", "./...")
		out := e.mustRun(t, dir, e.gocmd, "vet", "-vettool="+e.bin, "./...")
		checkSend(t, "go vet after go fix", out, false)
	})
}

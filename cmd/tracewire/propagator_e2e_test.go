package main

// End-to-end test of propagatorunset on a multi-package module: the
// programs of testdata/mod/propagator, where the global propagator is used
// two packages away from main (publish, through relay, which imports no
// OpenTelemetry), set in another package (telemetry) or set in none. Under
// go vet, what each package knows about the propagator reaches main only
// through vet's fact files.

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// propagatorModule is the analysistest module whose propagator/ tree the
// test copies, with its go.mod and go.sum.
const propagatorModule = "../../testdata/mod"

// unsetPrograms are the programs of propagator/cmd that never set the
// propagator, with the evidence each finding names.
var unsetPrograms = map[string]string{
	"propagator/cmd/unset/main.go":     "example.com/tw/propagator/publish.Publisher.Publish injects or extracts",
	"propagator/cmd/wrapped/main.go":   "example.com/tw/propagator/cmd/wrapped.newProducer injects or extracts",
	"propagator/cmd/kotelapp/main.go":  "example.com/tw/propagator/cmd/kotelapp.main injects or extracts",
	"propagator/cmd/httpapp/main.go":   "example.com/tw/propagator/cmd/httpapp.main injects or extracts",
	"propagator/cmd/splunkapp/main.go": "example.com/tw/propagator/cmd/splunkapp.main injects or extracts",
}

// propagatorCopy copies go.mod, go.sum and the propagator tree (without
// the .golden files) into a fresh directory.
func propagatorCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(propagatorModule, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(dir, "propagator"), os.DirFS(filepath.Join(propagatorModule, "propagator"))); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".golden") {
			return os.Remove(path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkUnset asserts that diags are one finding per program of
// unsetPrograms, naming its evidence, and nothing else.
func checkUnset(t *testing.T, diags []diag) {
	t.Helper()
	var files []string
	for _, d := range diags {
		rel := d.file
		if i := strings.Index(rel, "propagator/cmd/"); i >= 0 {
			rel = rel[i:]
		}
		want, ok := unsetPrograms[rel]
		if !ok || (d.analyzer != "" && d.analyzer != "propagatorunset") ||
			!strings.Contains(d.message, "the program never sets OpenTelemetry's global propagator: "+want) {
			t.Errorf("unexpected finding: %v", d)
			continue
		}
		files = append(files, rel)
	}
	for file := range unsetPrograms {
		if !slices.Contains(files, file) {
			t.Errorf("no propagatorunset finding in %s", file)
		}
	}
	if len(files) != len(unsetPrograms) {
		t.Errorf("got %d findings %q, want one in each of %d programs", len(files), files, len(unsetPrograms))
	}
}

func TestE2EPropagatorUnset(t *testing.T) {
	e := newEnv(t)
	vettool := "-vettool=" + e.bin

	t.Run("vet", func(t *testing.T) {
		t.Parallel()
		dir := propagatorCopy(t)
		out, code := e.run(t, dir, e.gocmd, "vet", vettool, "./...")
		if code != 1 {
			t.Fatalf("go vet -vettool: exit status %d, want 1 (findings)\n%s%s", code, out, hint(out))
		}
		checkUnset(t, parsePlain(t, out))
	})

	t.Run("fix", func(t *testing.T) {
		t.Parallel()
		dir := propagatorCopy(t)
		original := snapshot(t, dir)
		if out := e.mustRun(t, dir, e.gocmd, "fix", "-fixtool="+e.bin, "./..."); out != "" {
			t.Errorf("go fix -fixtool printed:\n%s", out)
		}
		fixed := snapshot(t, dir)
		var changed []string
		for name, src := range fixed {
			if original[name] != src {
				changed = append(changed, name)
				if !strings.Contains(src, "otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))") {
					t.Errorf("fixed %s does not set the propagator:\n%s", name, src)
				}
			}
		}
		var want []string
		for file := range unsetPrograms {
			want = append(want, file)
		}
		slices.Sort(changed)
		slices.Sort(want)
		if !slices.Equal(changed, want) {
			t.Errorf("go fix changed %q, want %q", changed, want)
		}
		e.mustRun(t, dir, e.gocmd, "build", "./...")
		if out := e.mustRun(t, dir, e.gocmd, "vet", vettool, "./..."); out != "" {
			t.Errorf("go vet -vettool after go fix:\n%s", out)
		}
	})

	t.Run("standalone", func(t *testing.T) {
		t.Parallel()
		dir := propagatorCopy(t)
		stdout, stderr, code := e.run2(t, dir, e.bin, "-json", "./...")
		if code != 0 {
			t.Fatalf("tracewire -json: exit status %d, want 0\n%s%s%s", code, stdout, stderr, hint(stderr))
		}
		checkUnset(t, parseJSON(t, []byte(stdout)))

		// With its tests (-test is on by default), lib has a test binary
		// whose generated main links lib's use of the global propagator
		// and no setter: test binaries are not reported.
		out, code := e.run(t, dir, e.bin, "-propagatorunset", "./propagator/lib", "./propagator/cmd/setelsewhere")
		if code != 0 || out != "" {
			t.Errorf("tracewire on lib (with its test binary) and setelsewhere: exit status %d, want 0 and no output\n%s", code, out)
		}
	})
}

package main

// End-to-end test of propagatorunset on a multi-package module: the
// programs of testdata/mod/propagator, where the global propagator is used
// two packages away from main (publish, through relay, which imports no
// OpenTelemetry), set in another package (telemetry) or set in none. Under
// go vet, what each package knows about the propagator reaches main only
// through vet's fact files. staleinject's and carriercheck's cases
// (testdata/mod/stale, testdata/mod/carrier) run along.

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
	"propagator/cmd/wrapped/main.go":   "example.com/tw/propagator/cmd/wrapped.newProducer builds otelsarama.WrapSyncProducer without a propagator option, which injects or extracts",
	"propagator/cmd/kotelapp/main.go":  "example.com/tw/propagator/cmd/kotelapp.main builds kotel.NewTracer without a propagator option, which injects or extracts",
	"propagator/cmd/httpapp/main.go":   "example.com/tw/propagator/cmd/httpapp.main builds otelhttp.NewHandler without a propagator option, which injects or extracts",
	"propagator/cmd/splunkapp/main.go": "example.com/tw/propagator/cmd/splunkapp.main builds splunkkafka.NewConsumer without a propagator option, which injects or extracts",
}

// otherFindings counts the findings of staleinject and carriercheck on
// their cases, by file and message prefix; leftAfterFix are those without
// a fix.
var otherFindings = map[string]map[string]int{
	"stale/stale.go":     {"staleinject: Inject injects ctx": 7},
	"carrier/carrier.go": {"carriercheck: Keys of carrier": 4, "carriercheck: Inject writes through": 3},
	// Through carrier's facts, in vet's fact files: no fix here, and
	// none left once carrier's Set is fixed.
	"carrier/forward/forward.go": {"carriercheck: Inject writes through carrier.Headers.Set": 1},
}

var leftAfterFix = map[string]map[string]int{
	"stale/stale.go":     {"staleinject: Inject injects ctx before the producer span started from it at line 70": 1},
	"carrier/carrier.go": {"carriercheck: Keys of carrier Mixed returns nil": 1},
}

// wiringTrees are the trees of testdata/mod the test copies.
var wiringTrees = []string{"propagator", "stale", "carrier"}

// propagatorCopy copies go.mod, go.sum and the wiringTrees (without the
// .golden files) into a fresh directory.
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
	for _, tree := range wiringTrees {
		if err := os.CopyFS(filepath.Join(dir, tree), os.DirFS(filepath.Join(propagatorModule, tree))); err != nil {
			t.Fatal(err)
		}
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
// programs (file -> evidence), naming its evidence, and the others of want (by file,
// then by prefix of "analyzer: message"), and nothing else.
func checkUnset(t *testing.T, diags []diag, programs map[string]string, want map[string]map[string]int) {
	t.Helper()
	var files []string
	got := map[string]map[string]int{}
	for _, d := range diags {
		rel := d.file
		for _, tree := range wiringTrees {
			if i := strings.Index(rel, tree+"/"); i >= 0 {
				rel = rel[i:]
				break
			}
		}
		if prefixes, ok := want[rel]; ok {
			name := d.analyzer
			if name == "" {
				name = strings.SplitN(rel, "/", 2)[0] // plain output: the tree names the analyzer
				name = map[string]string{"stale": "staleinject", "carrier": "carriercheck"}[name]
			}
			matched := false
			for prefix := range prefixes {
				if strings.HasPrefix(name+": "+d.message, prefix) {
					if got[rel] == nil {
						got[rel] = map[string]int{}
					}
					got[rel][prefix]++
					matched = true
					break
				}
			}
			if !matched {
				t.Errorf("unexpected finding: %v", d)
			}
			continue
		}
		evidence, ok := programs[rel]
		if !ok || (d.analyzer != "" && d.analyzer != "propagatorunset") ||
			!strings.Contains(d.message, "the program never sets OpenTelemetry's global propagator: "+evidence) {
			t.Errorf("unexpected finding: %v", d)
			continue
		}
		files = append(files, rel)
	}
	for file := range programs {
		if !slices.Contains(files, file) {
			t.Errorf("no propagatorunset finding in %s", file)
		}
	}
	if len(files) != len(programs) {
		t.Errorf("got %d findings %q, want one in each of %d programs", len(files), files, len(programs))
	}
	for file, prefixes := range want {
		for prefix, n := range prefixes {
			if got[file][prefix] != n {
				t.Errorf("%s: %d findings %q, want %d", file, got[file][prefix], prefix, n)
			}
		}
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
		checkUnset(t, parsePlain(t, out), unsetPrograms, otherFindings)
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
				if _, ok := unsetPrograms[name]; ok &&
					!strings.Contains(src, "otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))") {
					t.Errorf("fixed %s does not set the propagator:\n%s", name, src)
				}
			}
		}
		want := []string{"stale/stale.go", "carrier/carrier.go"}
		for file := range unsetPrograms {
			want = append(want, file)
		}
		slices.Sort(changed)
		slices.Sort(want)
		if !slices.Equal(changed, want) {
			t.Errorf("go fix changed %q, want %q", changed, want)
		}
		e.mustRun(t, dir, e.gocmd, "build", "./...")
		// What is left is the findings without a fix.
		out, code := e.run(t, dir, e.gocmd, "vet", vettool, "./...")
		if code != 1 {
			t.Fatalf("go vet -vettool after go fix: exit status %d, want 1 (the findings without a fix)\n%s", code, out)
		}
		checkUnset(t, parsePlain(t, out), nil, leftAfterFix)
	})

	t.Run("standalone", func(t *testing.T) {
		t.Parallel()
		dir := propagatorCopy(t)
		stdout, stderr, code := e.run2(t, dir, e.bin, "-json", "./...")
		if code != 0 {
			t.Fatalf("tracewire -json: exit status %d, want 0\n%s%s%s", code, stdout, stderr, hint(stderr))
		}
		// staleinject has no fix when the carrier is read between the
		// injection and the Start: a finding may have none.
		checkUnset(t, parseJSON(t, []byte(stdout), 0), unsetPrograms, otherFindings)

		// With its tests (-test is on by default), lib has a test binary
		// whose generated main links lib's use of the global propagator
		// and no setter: test binaries are not reported.
		out, code := e.run(t, dir, e.bin, "-propagatorunset", "./propagator/lib", "./propagator/cmd/setelsewhere")
		if code != 0 || out != "" {
			t.Errorf("tracewire on lib (with its test binary) and setelsewhere: exit status %d, want 0 and no output\n%s", code, out)
		}
	})
}

package analyzer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tracewire/tracewire/analyzer"
	"github.com/tracewire/tracewire/analyzer/internal/fixtest"
)

// inhouse is the module of in-house buses: a bus over Kafka (bus), one
// over HTTP webhooks (bus2), declared in its tracewire.json.
var inhouse = filepath.Join("..", "testdata", "inhouse")

// buildInhouse returns the analyzers built for testdata/inhouse's
// configuration, by name.
func buildInhouse(t *testing.T) map[string]*analysis.Analyzer {
	t.Helper()
	b, err := analyzer.LoadBuses(filepath.Join(inhouse, "tracewire.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*analysis.Analyzer{}
	for _, a := range analyzer.Build(analyzer.Config{Buses: b}, nil) {
		out[a.Name] = a
	}
	return out
}

// TestInhouse checks producerinject and consumerextract on the in-house
// buses of testdata/inhouse (// want, and the fixes against .golden):
//   - orders: sends of the bus over Kafka (a message, a slice derived from
//     the signature, a traced client given an empty context), the bus's
//     injector, OpenTelemetry's propagator over the map headers, and
//     relay's helpers judged through their facts;
//   - notify: the webhook bus's Post, with http-header headers;
//   - worker: messages from a receive, a subscription's callback, the
//     channel given to ChanSubscribe and a webhook request; the bus's
//     extractor.
func TestInhouse(t *testing.T) {
	as := buildInhouse(t)
	t.Run("producerinject", func(t *testing.T) {
		t.Parallel()
		results := analysistest.RunWithSuggestedFixes(t, inhouse, as["producerinject"],
			"example.com/inhouse/orders", "example.com/inhouse/notify")
		fixtest.RawFormatted(t, results)
	})
	t.Run("consumerextract", func(t *testing.T) {
		t.Parallel()
		results := analysistest.RunWithSuggestedFixes(t, inhouse, as["consumerextract"], "example.com/inhouse/worker")
		fixtest.RawFormatted(t, results)
	})
}

// TestInhouseFacts checks the facts of relay, a package wrapping the bus:
// its helpers are summarized like those of a built-in client.
func TestInhouseFacts(t *testing.T) {
	as := buildInhouse(t)
	facts := as["producerinject"].Requires[0]
	if facts.Name != "tracewirefacts" {
		t.Fatalf("producerinject requires %s, not the fact analyzer", facts.Name)
	}
	for _, a := range as {
		if a.Requires[0] != facts {
			t.Errorf("%s requires another fact analyzer than producerinject's", a.Name)
		}
	}
	analysistest.Run(t, inhouse, facts, "example.com/inhouse/relay")
}

// The built-in analyzers know nothing of the buses: the same packages
// have no finding.
func TestInhouseWithoutConfig(t *testing.T) {
	for _, a := range analyzer.Build(analyzer.Config{}, nil) {
		if a.Name != "producerinject" && a.Name != "consumerextract" {
			continue
		}
		r := analysistest.Run(&quiet{T: t}, inhouse, a, "example.com/inhouse/orders", "example.com/inhouse/worker")
		for _, res := range r {
			if len(res.Diagnostics) > 0 {
				t.Errorf("%s without the configuration: %d findings in %s", a.Name, len(res.Diagnostics), res.Pass.Pkg.Path())
			}
		}
	}
}

// quiet is a testing.T for analysistest whose "// want" expectations
// are not held against the run: only its results are.
type quiet struct {
	*testing.T
}

func (q *quiet) Errorf(format string, args ...any) {
	if msg := fmt.Sprintf(format, args...); strings.Contains(msg, "no diagnostic") || strings.Contains(msg, "unexpected") || strings.Contains(msg, "error analyzing") {
		return
	}
	q.T.Errorf(format, args...)
}

// A configuration entry that does not fit the types is the analysis's
// error, naming the entry.
func TestInhouseBadConfig(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(inhouse, "tracewire.json"))
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), `"(*example.com/inhouse/bus.Client).Publish", "message_arg": 1`, `"(*example.com/inhouse/bus.Client).Publish", "message_arg": 0`, 1)
	b, err := analyzer.ParseBuses([]byte(bad), "tracewire.json")
	if err != nil {
		t.Fatal(err)
	}
	var a *analysis.Analyzer
	for _, x := range analyzer.Build(analyzer.Config{Buses: b}, nil) {
		if x.Name == "producerinject" {
			a = x
		}
	}
	r := analysistest.Run(&quiet{T: t}, inhouse, a, "example.com/inhouse/orders", "example.com/inhouse/notify")
	// The check of orders, which imports the bus, fails with the error,
	// naming the entry; notify, which does not, is analyzed as usual.
	// The fact analyzer itself does not fail (drivers print the errors
	// of the analyzers they run, go vet only those).
	want := `tracewire.json: buses[0] "inhouse": sends[0] "(*example.com/inhouse/bus.Client).Publish": message_arg 0 has type context.Context, not a declared message type (or a pointer to one, or a slice of them)`
	for _, res := range r {
		switch path := res.Action.Package.Types.Path(); path {
		case "example.com/inhouse/orders":
			if res.Err == nil || res.Err.Error() != want {
				t.Errorf("%s: error %v, want %q", path, res.Err, want)
			}
		case "example.com/inhouse/notify":
			if res.Err != nil || len(res.Diagnostics) != 1 {
				t.Errorf("%s: error %v and %d findings, want none and 1", path, res.Err, len(res.Diagnostics))
			}
		}
		for _, dep := range res.Action.Deps {
			if dep.Err != nil {
				t.Errorf("%s failed: %v", dep, dep.Err)
			}
		}
	}
}

// The fixed packages build: TestGoldensCompile (analyzer/internal/fixtest)
// builds those of every module of testmods.Pinned, inhouse included.

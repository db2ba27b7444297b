package propagatorunset_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tracewire/tracewire/analyzer/internal/fixtest"
	"github.com/tracewire/tracewire/analyzer/propagatorunset"
)

var testdata = filepath.Join("..", "..", "testdata", "mod")

// TestPropagatorUnset checks diagnostics (// want) and fixes (.golden) on
// the programs of testdata/mod/propagator/cmd:
//   - unset: the use is two packages away (publish, through relay, which
//     imports no OpenTelemetry), and nothing sets the propagator;
//   - wrapped, kotelapp, httpapp, splunkapp: instrumentation that defaults
//     to the global propagator (otelsarama given a nil propagator, kotel,
//     otelhttp, splunkkafka), built without a propagator option;
//   - setelsewhere: the same program as unset, with telemetry.Setup (another
//     package) setting the propagator;
//   - setvalue: otel.SetTextMapPropagator held in a function value;
//   - explicit: explicit propagators only, and instrumentation given one;
//   - unknownopts: options the analysis cannot see;
//   - nouse: OpenTelemetry without propagation;
//   - lib: a library whose test binary (a generated main) uses the global
//     propagator and sets it nowhere: test binaries are not reported.
func TestPropagatorUnset(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, testdata, propagatorunset.Analyzer,
		"example.com/tw/propagator/cmd/unset",
		"example.com/tw/propagator/cmd/wrapped",
		"example.com/tw/propagator/cmd/kotelapp",
		"example.com/tw/propagator/cmd/httpapp",
		"example.com/tw/propagator/cmd/splunkapp",
		"example.com/tw/propagator/cmd/setelsewhere",
		"example.com/tw/propagator/cmd/setvalue",
		"example.com/tw/propagator/cmd/explicit",
		"example.com/tw/propagator/cmd/unknownopts",
		"example.com/tw/propagator/cmd/nouse",
		"example.com/tw/propagator/lib",
	)
	fixtest.RawFormatted(t, results)
}

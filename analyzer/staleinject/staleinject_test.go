package staleinject_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tracewire/tracewire/analyzer/internal/fixtest"
	"github.com/tracewire/tracewire/analyzer/staleinject"
)

var testdata = filepath.Join("..", "..", "testdata", "mod")

// TestStaleInject checks diagnostics (// want) and fixes (.golden) in
// testdata/mod/stale: an injection before the producer span's Start
// (moved after it, with the span's context; no fix when the carrier is
// read in between), the span's context discarded or unused (injected
// instead), and negatives: the span's context injected, spans of other
// kinds, options not seen, a send between the injection and the Start,
// the span's context injected again after it, the span's context on
// every path that starts one.
func TestStaleInject(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, testdata, staleinject.Analyzer, "example.com/tw/stale")
	fixtest.RawFormatted(t, results)
}

package producerinject_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tracewire/tracewire/analyzer/internal/fixtest"

	"github.com/tracewire/tracewire/analyzer/producerinject"
)

var testdata = filepath.Join("..", "..", "testdata", "mod")

func TestSarama(t *testing.T) {
	fixtest.RawFormatted(t, analysistest.RunWithSuggestedFixes(t, testdata, producerinject.Analyzer, "example.com/tw/producer/saramap"))
}

func TestConfluent(t *testing.T) {
	fixtest.RawFormatted(t, analysistest.RunWithSuggestedFixes(t, testdata, producerinject.Analyzer,
		"example.com/tw/producer/confluentp", "example.com/tw/producer/confluentv1p"))
}

// Without OpenTelemetry there is nothing to propagate.
func TestNoOTel(t *testing.T) {
	analysistest.Run(t, testdata, producerinject.Analyzer, "example.com/tw/producer/nootel")
}

func TestStrict(t *testing.T) {
	a := producerinject.New(producerinject.Config{Strict: true})
	analysistest.Run(t, testdata, a, "example.com/tw/producer/strict")
}

// The -strict flag configures the analyzer it belongs to and no other.
func TestStrictFlag(t *testing.T) {
	a := producerinject.New(producerinject.Config{})
	b := producerinject.New(producerinject.Config{})
	if err := a.Flags.Set("strict", "true"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testdata, a, "example.com/tw/producer/strict")
	analysistest.Run(t, testdata, b, "example.com/tw/producer/nootel")
	if got := producerinject.Analyzer.Flags.Lookup("strict").Value.String(); got != "false" {
		t.Errorf("package-level Analyzer strict = %s, want false", got)
	}
}

// Fixes add imports where gofmt keeps them, reuse the file's names for
// imported packages, and never declare a name twice.
func TestImportsAndNames(t *testing.T) {
	fixtest.RawFormatted(t, analysistest.RunWithSuggestedFixes(t, testdata, producerinject.Analyzer, "example.com/tw/producer/imports"))
}

// Generics, method values, function-typed fields and generated files.
func TestRobust(t *testing.T) {
	fixtest.RawFormatted(t, analysistest.RunWithSuggestedFixes(t, testdata, producerinject.Analyzer, "example.com/tw/producer/robust"))
}

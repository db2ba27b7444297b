package producerinject_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tracewire/tracewire/analyzer/producerinject"
)

var testdata = filepath.Join("..", "..", "testdata", "mod")

func TestSarama(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, producerinject.Analyzer, "example.com/tw/producer/saramap")
}

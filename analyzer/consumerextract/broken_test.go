package consumerextract_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tracewire/tracewire/analyzer/consumerextract"
)

// Type errors do not crash the analyzer; what is well typed is checked.
func TestTypeErrors(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testdata, consumerextract.Analyzer, "example.com/tw/broken/consumer")
}

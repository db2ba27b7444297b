package consumerextract_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tracewire/tracewire/analyzer/internal/fixtest"

	"github.com/tracewire/tracewire/analyzer/consumerextract"
)

var testdata = filepath.Join("..", "..", "testdata", "mod")

func TestSarama(t *testing.T) {
	fixtest.RawFormatted(t, analysistest.RunWithSuggestedFixes(t, testdata, consumerextract.Analyzer, "example.com/tw/consumer/saramac"))
}

func TestConfluent(t *testing.T) {
	fixtest.RawFormatted(t, analysistest.RunWithSuggestedFixes(t, testdata, consumerextract.Analyzer, "example.com/tw/consumer/confluentc"))
}

package analyzer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer"
)

// Every analyzer of the suite is valid, documented in docs/<name>.md, and
// listed in the README's analyzer table.
func TestSuite(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var all []*analysis.Analyzer
	for _, e := range analyzer.Suite() {
		a := e.Analyzer
		all = append(all, a)
		if a.Doc == "" || strings.Contains(a.Doc, "# Analyzer") {
			t.Errorf("%s: Doc not extracted from doc.go: %q", a.Name, a.Doc)
		}
		want := "https://github.com/tracewire/tracewire/blob/main/docs/" + a.Name + ".md"
		if a.URL != want {
			t.Errorf("%s: URL = %q, want %q", a.Name, a.URL, want)
		}
		if _, err := os.Stat(filepath.Join("..", "docs", a.Name+".md")); err != nil {
			t.Errorf("%s: %v", a.Name, err)
		}
		if !strings.Contains(string(readme), "| ["+a.Name+"](docs/"+a.Name+".md) |") {
			t.Errorf("%s: missing from the README's analyzer table", a.Name)
		}
	}
	if err := analysis.Validate(all); err != nil {
		t.Fatal(err)
	}
}

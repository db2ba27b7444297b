package doc

import (
	"strings"
	"testing"
)

func TestExtract(t *testing.T) {
	src := `// Package x does things.
//
// # Analyzer x
//
// x: report things
//
// Longer text.
//
// # Other section
//
// Not included.
package x
`
	got, err := Extract(src, "x")
	if err != nil {
		t.Fatal(err)
	}
	if want := "report things\n\nLonger text."; got != want {
		t.Errorf("Extract = %q, want %q", got, want)
	}
	for _, bad := range []string{
		"package x\n",
		"// Package x.\npackage x\n",
		"// Package x.\n//\n// # Analyzer x\n//\n// y: wrong name\npackage x\n",
	} {
		if _, err := Extract(bad, "x"); err == nil {
			t.Errorf("Extract(%q) succeeded, want error", bad)
		} else if strings.TrimSpace(err.Error()) == "" {
			t.Errorf("empty error for %q", bad)
		}
	}
}

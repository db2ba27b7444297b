// Package fixtest checks properties of suggested fixes that analysistest
// does not: analysistest gofmt-formats a file after applying fixes, but
// golangci-lint and editors apply the raw edits. RawFormatted applies them
// as they are and requires the result to be gofmt-clean already.
package fixtest

import (
	"bytes"
	"go/format"
	"os"
	"sort"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

type edit struct {
	start, end int
	text       string
}

// RawFormatted applies every suggested fix of results to its file, raw,
// and fails t unless each fixed file is exactly what gofmt would print.
func RawFormatted(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	n := 0
	for _, res := range results {
		if res.Pass == nil {
			continue
		}
		fset := res.Pass.Fset
		byFile := map[string][]edit{}
		for _, d := range res.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				for _, e := range fix.TextEdits {
					tf := fset.File(e.Pos)
					end := e.End
					if !end.IsValid() {
						end = e.Pos
					}
					byFile[tf.Name()] = append(byFile[tf.Name()], edit{tf.Offset(e.Pos), tf.Offset(end), string(e.NewText)})
				}
			}
		}
		for name, edits := range byFile {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			out, err := apply(src, edits)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			formatted, err := format.Source(out)
			if err != nil {
				t.Errorf("%s: fixed file does not parse: %v\n%s", name, err, out)
				continue
			}
			if !bytes.Equal(formatted, out) {
				t.Errorf("%s: raw fixes are not gofmt-clean:\n%s", name, out)
			}
			n++
		}
	}
	if n == 0 {
		t.Errorf("no fixes to check")
	}
}

// apply applies edits, merging identical ones (as drivers do when several
// fixes add the same import) and rejecting overlaps.
func apply(src []byte, edits []edit) ([]byte, error) {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end < edits[j].end
	})
	var out []edit
	for _, e := range edits {
		if len(out) > 0 && out[len(out)-1] == e {
			continue
		}
		if len(out) > 0 && e.start < out[len(out)-1].end {
			return nil, &overlapError{}
		}
		out = append(out, e)
	}
	var b bytes.Buffer
	last := 0
	for _, e := range out {
		b.Write(src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(src[last:])
	return b.Bytes(), nil
}

type overlapError struct{}

func (*overlapError) Error() string { return "overlapping edits" }

package fixcheck

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func testAnalyzers() []*analysis.Analyzer {
	a := &analysis.Analyzer{Name: "producerinject", Doc: "doc", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	a.Flags.Bool("strict", false, "")
	b := &analysis.Analyzer{Name: "consumerextract", Doc: "doc", Run: a.Run}
	b.Flags.String("spans", "", "")
	return []*analysis.Analyzer{a, b}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		ok    bool
		check []string // checkArgs, when ok
		diff  bool
		json  bool
		ctx   int
	}{
		{args: []string{"-fix", "./..."}, ok: true, check: []string{"-json", "--", "./..."}, ctx: -1},
		{args: []string{"--fix=true", "-diff", "./a", "./b"}, ok: true, check: []string{"-json", "--", "./a", "./b"}, diff: true, ctx: -1},
		{
			args:  []string{"-producerinject.strict", "-consumerextract.spans", "x y", "-c", "2", "-json", "-test=false", "-fix", "./..."},
			ok:    true,
			check: []string{"-producerinject.strict=true", "-consumerextract.spans=x y", "-test=false", "-json", "--", "./..."},
			json:  true, ctx: 2,
		},
		{args: []string{"-producerinject=false", "-cpuprofile", "p.out", "-fix", "./..."}, ok: true, check: []string{"-producerinject=false", "-json", "--", "./..."}, ctx: -1},
		// Left to multichecker.
		{args: []string{"./..."}},
		{args: []string{"-fix=false", "./..."}},
		{args: []string{"-fix"}},
		{args: []string{"-fix", "help"}},
		{args: []string{"-fix", "-diff", "vet.cfg"}}, // go fix -fixtool
		{args: []string{"-V=full"}},                  // go vet/go fix asking the version
		{args: []string{"-flags"}},                   // go vet/go fix asking the flags
		{args: []string{"-fix", "-flags", "./..."}},  // prints the flags
		{args: []string{"-fix", "-nosuch", "./..."}}, // the driver reports it
		{args: []string{"-fix=maybe", "./..."}},      // the driver reports it
		{args: []string{"-fix", "-c", "x", "./..."}}, // the driver reports it
		{args: []string{"-h"}},                       // usage
	} {
		inv, ok := parse(tc.args, testAnalyzers())
		if ok != tc.ok {
			t.Errorf("parse(%q): ok = %v, want %v", tc.args, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		if got := inv.checkArgs(); !slices.Equal(got, tc.check) {
			t.Errorf("parse(%q).checkArgs() = %q, want %q", tc.args, got, tc.check)
		}
		if inv.diff != tc.diff || inv.json != tc.json || inv.context != tc.ctx {
			t.Errorf("parse(%q): diff, json, context = %v, %v, %d, want %v, %v, %d", tc.args, inv.diff, inv.json, inv.context, tc.diff, tc.json, tc.ctx)
		}
	}
}

// tree is -json output: a finding without a fix reported in p and in its
// test variant, one with a fix, and an analyzer error.
const tree = `{
	"p": {
		"producerinject": [
			{"posn": "/m/p/b.go:9:2", "end": "/m/p/b.go:9:20", "message": "no fix"},
			{"posn": "/m/p/a.go:3:1", "end": "/m/p/a.go:3:5", "message": "has a fix",
			 "suggested_fixes": [{"message": "fix it", "edits": []}]}
		]
	},
	"p [p.test]": {
		"producerinject": [
			{"posn": "/m/p/b.go:9:2", "end": "/m/p/b.go:9:20", "message": "no fix",
			 "related": [{"posn": "/m/p/c.go:1:1", "end": "/m/p/c.go:1:2", "message": "here"}]}
		],
		"consumerextract": {"error": "boom"}
	}
}`

func TestReport(t *testing.T) {
	res, err := parseTree([]byte(tree))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"consumerextract: boom"}; !slices.Equal(res.errors, want) {
		t.Errorf("errors = %q, want %q", res.errors, want)
	}

	// After -fix: everything re-reported is left, once, in file order.
	left := res.unfixed(false)
	var got []string
	for _, f := range left {
		got = append(got, f.posn+" "+f.message)
	}
	if want := []string{"/m/p/a.go:3:1 has a fix", "/m/p/b.go:9:2 no fix"}; !slices.Equal(got, want) {
		t.Errorf("unfixed(false) = %q, want %q", got, want)
	}
	if got, want := summary(left, false), "2 findings were not fixed automatically: 1 has no suggested fix, fix it by hand; 1 has a fix that could not be applied, run -fix again"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	var buf bytes.Buffer
	if err := res.printText(&buf, left, -1); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "consumerextract: boom\n/m/p/a.go:3:1: has a fix\n/m/p/b.go:9:2: no fix\n"; got != want {
		t.Errorf("printText:\n%s\nwant:\n%s", got, want)
	}

	// After -fix -diff: only the finding without a fix.
	left = res.unfixed(true)
	if len(left) != 1 || left[0].message != "no fix" {
		t.Fatalf("unfixed(true) = %v, want the finding without a fix", left)
	}
	if got, want := summary(left, true), "1 finding has no suggested fix and is not in the diff: fix it by hand"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	buf.Reset()
	if err := res.printJSON(&buf, left); err != nil {
		t.Fatal(err)
	}
	back, err := parseTree(buf.Bytes())
	if err != nil {
		t.Fatalf("printJSON output does not parse: %v\n%s", err, buf.String())
	}
	if len(back.findings) != 2 || back.findings[0].message != "no fix" || back.findings[1].message != "no fix" {
		t.Errorf("printJSON kept %v, want the finding without a fix in p and in p [p.test]", back.findings)
	}
	if !slices.Equal(back.errors, res.errors) || strings.Contains(buf.String(), "has a fix") {
		t.Errorf("printJSON:\n%s", buf.String())
	}
}

func TestParsePosn(t *testing.T) {
	for s, want := range map[string]position{
		"/a/b.go:12:3":  {"/a/b.go", 12, 3},
		"C:/a/b.go:1:2": {"C:/a/b.go", 1, 2},
		"/a/b.go:12":    {"/a/b.go", 12, 0},
		"/a/b.go":       {file: "/a/b.go"},
		"-":             {},
	} {
		if got := parsePosn(s); got != want {
			t.Errorf("parsePosn(%q) = %+v, want %+v", s, got, want)
		}
	}
}

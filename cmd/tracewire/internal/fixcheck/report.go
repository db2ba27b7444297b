package fixcheck

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// jsonDiag is a diagnostic in the x/tools driver's -json output.
type jsonDiag struct {
	Posn           string            `json:"posn"`
	End            string            `json:"end"`
	Message        string            `json:"message"`
	SuggestedFixes []json.RawMessage `json:"suggested_fixes"`
	Related        []struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	} `json:"related"`
}

// A key identifies a finding across packages: a file that belongs to both
// p and p's test variant is analyzed, and reported, twice.
type key struct {
	analyzer, posn, end, message string
}

// A finding is one diagnostic of the re-analysis.
type finding struct {
	key
	diag   jsonDiag
	hasFix bool
}

// A result is the driver's -json output: package ID -> analyzer name ->
// list of diagnostics or {"error": "..."}.
type result struct {
	tree     map[string]map[string]json.RawMessage
	findings []finding // in package and analyzer order, with duplicates
	errors   []string  // "analyzer: error", sorted, without duplicates
}

// parseTree parses the driver's -json output.
func parseTree(data []byte) (*result, error) {
	res := &result{}
	if err := json.Unmarshal(data, &res.tree); err != nil {
		return nil, fmt.Errorf("parsing the driver's JSON output: %w", err)
	}
	for _, pkg := range slices.Sorted(maps.Keys(res.tree)) {
		for _, name := range slices.Sorted(maps.Keys(res.tree[pkg])) {
			raw := res.tree[pkg][name]
			var diags []jsonDiag
			if err := json.Unmarshal(raw, &diags); err != nil {
				var e struct {
					Err string `json:"error"`
				}
				if err := json.Unmarshal(raw, &e); err != nil {
					return nil, fmt.Errorf("parsing the driver's JSON output: %s: %s: neither diagnostics nor an error: %s", pkg, name, raw)
				}
				if line := name + ": " + e.Err; !slices.Contains(res.errors, line) {
					res.errors = append(res.errors, line)
				}
				continue
			}
			for _, d := range diags {
				res.findings = append(res.findings, finding{
					key:    key{name, d.Posn, d.End, d.Message},
					diag:   d,
					hasFix: len(d.SuggestedFixes) > 0,
				})
			}
		}
	}
	slices.Sort(res.errors)
	return res, nil
}

// unfixed returns the findings left once fixes are applied, once each, in
// file and position order: all of them after -fix (the fixes were applied
// before the analysis), the ones without a suggested fix after -fix -diff
// (nothing was written).
func (res *result) unfixed(diff bool) []finding {
	seen := map[key]bool{}
	var out []finding
	for _, f := range res.findings {
		if (diff && f.hasFix) || seen[f.key] {
			continue
		}
		seen[f.key] = true
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b finding) int {
		pa, pb := parsePosn(a.posn), parsePosn(b.posn)
		return cmp.Or(
			strings.Compare(pa.file, pb.file),
			cmp.Compare(pa.line, pb.line),
			cmp.Compare(pa.col, pb.col),
			strings.Compare(a.message, b.message),
		)
	})
	return out
}

// printText prints the analyzer errors and the findings left as the driver
// does: `file:line:col: message`, then each related position indented by a
// tab, with contextLines of source around each when it is not negative.
func (res *result) printText(w io.Writer, left []finding, contextLines int) error {
	var b strings.Builder
	for _, e := range res.errors {
		b.WriteString(e + "\n")
	}
	print := func(posn, end, message string) {
		b.WriteString(posn + ": " + message + "\n")
		if contextLines < 0 {
			return
		}
		p, e := parsePosn(posn), parsePosn(end)
		if p.file == "" || p.line == 0 {
			return
		}
		if e.line < p.line {
			e = p
		}
		data, _ := os.ReadFile(p.file)
		lines := strings.Split(string(data), "\n")
		for i := p.line - contextLines; i <= e.line+contextLines; i++ {
			if 1 <= i && i <= len(lines) {
				b.WriteString(strconv.Itoa(i) + "\t" + lines[i-1] + "\n")
			}
		}
	}
	for _, f := range left {
		print(f.posn, f.end, f.message)
		for _, r := range f.diag.Related {
			print(r.Posn, r.End, "\t"+r.Message)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// printJSON prints the driver's JSON tree restricted to the findings left
// (in every package that reports them) and the analyzer errors.
func (res *result) printJSON(w io.Writer, left []finding) error {
	keep := map[key]bool{}
	for _, f := range left {
		keep[f.key] = true
	}
	out := map[string]map[string]json.RawMessage{}
	for pkg, byAnalyzer := range res.tree {
		for name, raw := range byAnalyzer {
			var list []json.RawMessage
			if json.Unmarshal(raw, &list) == nil {
				var kept []json.RawMessage
				for _, d := range list {
					var jd jsonDiag
					if json.Unmarshal(d, &jd) == nil && keep[key{name, jd.Posn, jd.End, jd.Message}] {
						kept = append(kept, d)
					}
				}
				if len(kept) == 0 {
					continue
				}
				if raw, _ = json.Marshal(kept); raw == nil {
					continue
				}
			}
			if out[pkg] == nil {
				out[pkg] = map[string]json.RawMessage{}
			}
			out[pkg][name] = raw
		}
	}
	data, err := json.MarshalIndent(out, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// A position is a parsed token.Position string.
type position struct {
	file      string
	line, col int
}

// posnRE matches "file:line:col" and "file:line".
var posnRE = regexp.MustCompile(`^(.*?):(\d+)(?::(\d+))?$`)

// parsePosn parses the string form of a token.Position ("file:line:col",
// "file:line", "file" or "-").
func parsePosn(s string) position {
	m := posnRE.FindStringSubmatch(s)
	if m == nil {
		if s == "-" {
			return position{}
		}
		return position{file: s}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return position{file: m[1], line: line, col: col}
}

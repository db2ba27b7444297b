package main

import (
	"encoding/json"
	"go/format"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The finding the tests fix: a send in orderapi/service.go.
const sendFinding = "sarama SyncProducer.SendMessage sends msg without injected trace context"

// The other finding of that file, which depends on facts about another
// package (messaging), and stays.
const publishFinding = "messaging.Publish sends msg (with sarama SyncProducer.SendMessage) without injected trace context"

// printfMisuse is appended to service.go, unsaved: gopls's printf analyzer
// reports it, and it is no type error, so tracewire analyzes the file too.
const printfMisuse = "\nfunc debugOrder(id string) string { return fmt.Sprintf(\"order %d\", id) }\n"

func isTracewire(d diagnostic, fragment string) bool {
	return d.Source == "tracewire" && strings.Contains(d.Message, fragment)
}

func isPrintf(d diagnostic) bool {
	return d.Source != "tracewire" && strings.Contains(d.Message, "Sprintf format %d has arg id of wrong type string")
}

func has(ds []diagnostic, pred func(diagnostic) bool) bool { return slices.ContainsFunc(ds, pred) }

func find(t *testing.T, ds []diagnostic, pred func(diagnostic) bool) diagnostic {
	t.Helper()
	i := slices.IndexFunc(ds, pred)
	if i < 0 {
		t.Fatalf("diagnostic not found among %v", ds)
	}
	return ds[i]
}

// TestSession is an editor's session: open a file with a broken send, get
// gopls's and tracewire's diagnostics merged, apply tracewire's quick fix,
// see its finding go while gopls's stays, shut down.
func TestSession(t *testing.T) {
	bin, gopls := setup(t)
	dir := demoCopy(t)
	path := filepath.Join(dir, "orderapi", "service.go")
	uri := fileURI(path)
	text := readFile(t, path) + printfMisuse

	s := start(t, bin, gopls, dir, "-tracewire.progress-delay=0")
	s.initialize(dir, map[string]any{"tracewire": map[string]any{"producerinject": map[string]any{"strict": false}}})
	s.open(uri, text)

	diags := s.waitDiags(uri, "gopls's and tracewire's diagnostics", func(ds []diagnostic) bool {
		return has(ds, isPrintf) &&
			has(ds, func(d diagnostic) bool { return isTracewire(d, sendFinding) }) &&
			has(ds, func(d diagnostic) bool { return isTracewire(d, publishFinding) })
	})
	t.Logf("diagnostics: %v", diags)
	send := find(t, diags, func(d diagnostic) bool { return isTracewire(d, sendFinding) })
	if string(send.Code) != `"producerinject"` {
		t.Errorf("code = %s, want \"producerinject\"", send.Code)
	}
	if send.CodeDescription == nil || !strings.HasSuffix(send.CodeDescription.Href, "docs/producerinject.md") {
		t.Errorf("codeDescription = %+v, want the analyzer's docs page", send.CodeDescription)
	}
	if got := strings.Split(text, "\n")[send.Range.Start.Line]; !strings.Contains(got, "s.producer.SendMessage(msg)") {
		t.Errorf("the finding's range starts on line %q", got)
	}

	// The first analysis ran for longer than -tracewire.progress-delay=0.
	s.waitFor("work-done progress begin and end", func() bool {
		return s.creates > 0 &&
			slices.ContainsFunc(s.progress, func(p string) bool {
				return strings.HasPrefix(p, `"tracewire-gopls/`) && strings.HasSuffix(p, " begin")
			}) &&
			slices.ContainsFunc(s.progress, func(p string) bool { return strings.HasPrefix(p, `"tracewire-gopls/`) && strings.HasSuffix(p, " end") })
	})

	// Code actions on the finding: tracewire's quick fix next to
	// gopls's own actions.
	resp := s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        send.Range,
		"context":      map[string]any{"diagnostics": []diagnostic{send}},
	})
	if resp.Error != nil {
		t.Fatalf("codeAction: %s", resp.Error.Message)
	}
	var actions []codeAction
	if err := json.Unmarshal(resp.Result, &actions); err != nil {
		t.Fatalf("codeAction result: %v: %s", err, resp.Result)
	}
	var fix *codeAction
	var others []string
	for i, a := range actions {
		if a.Kind == "quickfix" && len(a.Diagnostics) == 1 && a.Diagnostics[0].Source == "tracewire" {
			fix = &actions[i]
		} else {
			others = append(others, a.Title)
		}
	}
	if fix == nil {
		t.Fatalf("no tracewire quickfix among the code actions %s", resp.Result)
	}
	if len(others) == 0 {
		t.Errorf("gopls's code actions are missing: got only %s", resp.Result)
	}
	t.Logf("code actions: %q + gopls's %q", fix.Title, others)
	edits := fix.Edit.Changes[uri]
	if fix.Edit == nil || len(edits) < 2 {
		t.Fatalf("quick fix %q: want edits to %s (imports and injection), got %+v", fix.Title, uri, fix.Edit)
	}
	fixed := applyEdits(t, text, edits)
	if formatted, err := format.Source([]byte(fixed)); err != nil || string(formatted) != fixed {
		t.Errorf("the fixed file is not gofmt-clean (%v):\n%s", err, fixed)
	}
	for _, want := range []string{`"go.opentelemetry.io/otel/propagation"`, "otel.GetTextMapPropagator().Inject(ctx, carrier)"} {
		if !strings.Contains(fixed, want) {
			t.Errorf("the fixed file lacks %s", want)
		}
	}

	// The editor applies the fix: the finding goes, gopls's stays.
	s.change(uri, 2, fixed)
	s.waitDiags(uri, "the fixed finding to disappear", func(ds []diagnostic) bool {
		return !has(ds, func(d diagnostic) bool { return isTracewire(d, sendFinding) })
	})
	// Wait for the analysis of the change to finish: the publish above
	// may have been gopls's alone.
	s.waitFor("the analysis of the fixed text", func() bool {
		return len(analysisDone.FindAllIndex(s.log.Bytes(), -1)) >= 2
	})
	diags = s.waitDiags(uri, "the merged diagnostics after the fix", func(ds []diagnostic) bool {
		return has(ds, isPrintf) && has(ds, func(d diagnostic) bool { return isTracewire(d, publishFinding) })
	})
	if has(diags, func(d diagnostic) bool { return isTracewire(d, sendFinding) }) {
		t.Errorf("the fixed finding is back: %v", diags)
	}
	t.Logf("diagnostics after the fix: %v", diags)

	s.shutdown()
}

// analysisDone matches the log line of an analysis whose findings were
// published.
var analysisDone = regexp.MustCompile(`analysis \d+ of .* finished in`)

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// openService starts a session on a demo copy, opens orderapi/service.go
// and waits for its tracewire findings.
func openService(t *testing.T, args ...string) (s *session, uri, text string) {
	t.Helper()
	bin, gopls := setup(t)
	dir := demoCopy(t)
	path := filepath.Join(dir, "orderapi", "service.go")
	uri = fileURI(path)
	text = readFile(t, path)
	s = start(t, bin, gopls, dir, args...)
	s.initialize(dir, nil)
	s.open(uri, text)
	s.waitDiags(uri, "tracewire's findings", func(ds []diagnostic) bool {
		return has(ds, func(d diagnostic) bool { return isTracewire(d, sendFinding) })
	})
	return s, uri, text
}

// fixedText is service.go with its first send fixed: one finding fewer.
func fixedText(t *testing.T, s *session, uri, text string) string {
	t.Helper()
	s.mu.Lock()
	send := find(t, s.diags[uri], func(d diagnostic) bool { return isTracewire(d, sendFinding) })
	s.mu.Unlock()
	resp := s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        send.Range,
		"context":      map[string]any{"diagnostics": []diagnostic{send}, "only": []string{"quickfix"}},
	})
	var actions []codeAction
	if err := json.Unmarshal(resp.Result, &actions); err != nil {
		t.Fatalf("code actions: %v %s", err, resp.Result)
	}
	for _, a := range actions {
		if a.Edit != nil && len(a.Diagnostics) == 1 && isTracewire(a.Diagnostics[0], sendFinding) {
			return applyEdits(t, text, a.Edit.Changes[uri])
		}
	}
	t.Fatalf("no quick fix for the send: %s", resp.Result)
	return ""
}

var (
	analysisStarted = regexp.MustCompile(`analysis \d+ of .* started`)
	analysisEnded   = regexp.MustCompile(`analysis \d+ of .* (finished in|cancelled after|superseded after|failed after)`)
)

// TestGoplsKilled kills gopls mid-session: the editor is told, gopls is
// restarted with the open documents, and diagnostics keep coming from both.
func TestGoplsKilled(t *testing.T) {
	s, uri, text := openService(t)
	pids := s.goplsPIDs()
	if len(pids) != 1 {
		t.Fatalf("gopls pids in the log: %v", pids)
	}
	if err := kill(pids[0]); err != nil {
		t.Fatal(err)
	}
	s.waitFor("a message about gopls's exit", func() bool {
		return slices.ContainsFunc(s.messages, func(m string) bool {
			return strings.HasPrefix(m, "1: ") && strings.Contains(m, "gopls exited unexpectedly") && strings.Contains(m, "restarting gopls")
		})
	})
	s.waitFor("a new gopls", func() bool { return len(goplsPID.FindAllIndex(s.log.Bytes(), -1)) == 2 })

	// The restarted gopls knows the document: an edit gets its
	// diagnostics, merged with tracewire's.
	s.change(uri, 2, text+printfMisuse)
	s.waitDiags(uri, "diagnostics from the restarted gopls", func(ds []diagnostic) bool {
		return has(ds, isPrintf) && has(ds, func(d diagnostic) bool { return isTracewire(d, sendFinding) })
	})
	// Requests reach it.
	resp := s.call("textDocument/hover", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"position":     map[string]any{"line": 0, "character": 9},
	})
	if resp.Error != nil {
		t.Errorf("hover after the restart: %s", resp.Error.Message)
	}
	s.shutdown()
}

// TestGarbage sends malformed frames and messages: each is dropped or
// answered with an error, and the session goes on.
func TestGarbage(t *testing.T) {
	bin, gopls := setup(t)
	dir := demoCopy(t)
	s := start(t, bin, gopls, dir)
	s.sendRaw([]byte("this is not a header\r\n\r\n"))
	s.sendRaw([]byte("Content-Length: many\r\n\r\n"))
	s.sendRaw([]byte("Content-Length: 10\r\n\r\n{not json}"))
	s.sendRaw([]byte("Content-Length: 2\r\n\r\n{}"))
	s.waitFor("error responses", func() bool {
		r, ok := s.responses["null"]
		return ok && r.Error != nil
	})
	s.initialize(dir, nil)
	if got := s.stderr(); !strings.Contains(got, "malformed frame") {
		t.Errorf("the log does not mention the malformed frames:\n%s", got)
	}
	s.shutdown()
}

// TestEditDuringAnalysis edits the file while an analysis runs: the run
// is cancelled (its go vet killed), and the findings are those of the
// edited text.
func TestEditDuringAnalysis(t *testing.T) {
	s, uri, text := openService(t, "-tracewire.debounce=0")
	fixed := fixedText(t, s, uri, text)

	started := analysisStarted
	n := s.logCount(started)
	s.change(uri, 2, text+"\n// an edit\n")
	s.waitFor("the analysis of the edit to start", func() bool { return len(started.FindAllIndex(s.log.Bytes(), -1)) > n })
	s.change(uri, 3, fixed) // while it runs
	s.waitFor("a cancelled analysis", func() bool { return bytes.Contains(s.log.Bytes(), []byte("cancelled after")) })
	s.waitFor("the analysis of the last edit", func() bool { return len(analysisDone.FindAllIndex(s.log.Bytes(), -1)) >= 2 })
	ds := s.waitDiags(uri, "findings of the last edit", func(ds []diagnostic) bool {
		return !has(ds, func(d diagnostic) bool { return isTracewire(d, sendFinding) })
	})
	if !has(ds, func(d diagnostic) bool { return isTracewire(d, publishFinding) }) {
		t.Errorf("the finding the edit did not fix is gone: %v", ds)
	}
	s.shutdown()
}

// TestTwoQuickEdits sends two edits in a row: the later one's findings
// win, whichever analysis ends last.
func TestTwoQuickEdits(t *testing.T) {
	s, uri, text := openService(t, "-tracewire.debounce=0")
	fixed := fixedText(t, s, uri, text)
	done := s.logCount(analysisDone)
	s.change(uri, 2, fixed) // no send finding
	s.change(uri, 3, text)  // the send finding again
	s.waitFor("an analysis of the edits", func() bool { return len(analysisDone.FindAllIndex(s.log.Bytes(), -1)) > done })
	// Let every analysis started so far end, then look.
	s.waitFor("every analysis to end", func() bool {
		log := s.log.Bytes()
		return len(analysisStarted.FindAllIndex(log, -1)) == len(analysisEnded.FindAllIndex(log, -1))
	})
	s.mu.Lock()
	ds := s.diags[uri]
	s.mu.Unlock()
	if !has(ds, func(d diagnostic) bool { return isTracewire(d, sendFinding) }) {
		t.Errorf("the later edit's finding is missing: %v", ds)
	}
	s.shutdown()
}

// TestSettings: settings come from initializationOptions,
// workspace/didChangeConfiguration and the editor's answers to gopls's
// workspace/configuration, under "tracewire"; an unknown key is an error
// message that names it.
func TestSettings(t *testing.T) {
	bin, gopls := setup(t)
	dir := demoCopy(t)
	path := filepath.Join(dir, "orderapi", "service.go")
	uri := fileURI(path)
	s := start(t, bin, gopls, dir)
	s.initialize(dir, map[string]any{"tracewire": map[string]any{"producerinject": map[string]any{"strct": true}}})
	s.waitFor("an error naming the unknown key", func() bool {
		return slices.ContainsFunc(s.messages, func(m string) bool {
			return strings.HasPrefix(m, "1: ") && strings.Contains(m, `unknown setting "producerinject.strct"`)
		})
	})
	// Turning producerinject off drops its findings.
	s.open(uri, readFile(t, path))
	s.waitDiags(uri, "tracewire's findings", func(ds []diagnostic) bool {
		return has(ds, func(d diagnostic) bool { return isTracewire(d, sendFinding) })
	})
	s.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{
		"tracewire": map[string]any{"producerinject": map[string]any{"enabled": false}},
	}})
	s.waitDiags(uri, "producerinject's findings to go", func(ds []diagnostic) bool {
		return !slices.ContainsFunc(ds, func(d diagnostic) bool { return d.Source == "tracewire" && string(d.Code) == `"producerinject"` })
	})
	// gopls did not see the tracewire key.
	s.mu.Lock()
	if i := slices.IndexFunc(s.messages, func(m string) bool { return strings.Contains(m, "unexpected setting") }); i >= 0 {
		t.Errorf("gopls saw tracewire's settings: %s", s.messages[i])
	}
	s.mu.Unlock()
	s.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{
		"tracewire": map[string]any{"consumerExtract": map[string]any{"enabled": "yes"}},
	}})
	s.waitFor("an error naming the ill-typed key", func() bool {
		return slices.ContainsFunc(s.messages, func(m string) bool {
			return strings.Contains(m, `setting "consumerextract.enabled" must be true or false`)
		})
	})
	s.shutdown()
}

// TestTypeErrors: a type error gets gopls's diagnostic, and tracewire's
// findings of the last analysis stay, moved with the edit; other packages
// are analyzed.
func TestTypeErrors(t *testing.T) {
	s, uri, text := openService(t, "-tracewire.debounce=0")
	s.mu.Lock()
	before := find(t, s.diags[uri], func(d diagnostic) bool { return isTracewire(d, publishFinding) })
	s.mu.Unlock()
	done := s.logCount(analysisDone)
	// An unused variable, inserted above the publish finding with an
	// incremental change, as editors send them.
	line := slices.Index(strings.Split(text, "\n"), "\treturn order, nil")
	if line < 0 || line >= before.Range.Start.Line {
		t.Fatalf("no place for the unused variable above line %d", before.Range.Start.Line)
	}
	s.notify("textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{
			"range": lspRange{Start: position{line, 0}, End: position{line, 0}},
			"text":  "\tunused := 1\n",
		}},
	})
	s.waitDiags(uri, "gopls's type error", func(ds []diagnostic) bool {
		return has(ds, func(d diagnostic) bool { return strings.Contains(d.Message, "declared and not used: unused") })
	})
	s.waitFor("the analysis of the broken text", func() bool { return len(analysisDone.FindAllIndex(s.log.Bytes(), -1)) > done })
	s.mu.Lock()
	ds := s.diags[uri]
	s.mu.Unlock()
	if !has(ds, func(d diagnostic) bool { return isTracewire(d, sendFinding) }) || !has(ds, func(d diagnostic) bool { return strings.Contains(d.Message, "declared and not used") }) {
		t.Errorf("want gopls's type error and tracewire's last findings, got %v", ds)
	}
	if after := find(t, ds, func(d diagnostic) bool { return isTracewire(d, publishFinding) }); after.Range.Start.Line != before.Range.Start.Line+1 {
		t.Errorf("the kept finding is on line %d, want %d (moved by the inserted line)", after.Range.Start.Line+1, before.Range.Start.Line+2)
	}
	s.shutdown()
}

// TestPassThrough: subcommands other than serve run the real gopls.
func TestPassThrough(t *testing.T) {
	bin, gopls := setup(t)
	for _, args := range [][]string{{"version"}, {"-v", "version"}, {"help"}} {
		want, _ := exec.Command(gopls, args...).CombinedOutput()
		cmd := exec.Command(bin, args...)
		cmd.Env = childEnv(gopls)
		got, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("tracewire-gopls %s: %v\n%s", strings.Join(args, " "), err, got)
		}
		if !bytes.Equal(got, want) || len(got) == 0 {
			t.Errorf("tracewire-gopls %s printed\n%s\nwant gopls's\n%s", strings.Join(args, " "), got, want)
		}
	}
}

// TestGoplsKeepsCrashing: after three restarts within five minutes,
// tracewire-gopls gives up, says so, and exits with status 1.
func TestGoplsKeepsCrashing(t *testing.T) {
	s, _, _ := openService(t)
	for i := 1; i <= 4; i++ {
		s.waitFor("gopls number "+strconv.Itoa(i), func() bool { return len(goplsPID.FindAllIndex(s.log.Bytes(), -1)) == i })
		pids := s.goplsPIDs()
		if err := kill(pids[len(pids)-1]); err != nil {
			t.Fatal(err)
		}
	}
	s.waitFor("the exit", func() bool { return isClosed(s.done) })
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.ContainsFunc(s.messages, func(m string) bool {
		return strings.HasPrefix(m, "1: ") && strings.Contains(m, "exited 4 times") && strings.Contains(m, "tracewire-gopls is exiting")
	}) {
		t.Errorf("no message that tracewire-gopls gives up: %q", s.messages)
	}
	var exit *exec.ExitError
	if !errors.As(s.exitErr, &exit) || exit.ExitCode() != 1 {
		t.Errorf("tracewire-gopls exited with %v, want exit status 1", s.exitErr)
	}
}

// TestWatchedFiles: a file of an open package changes on disk; the
// editor's didChangeWatchedFiles brings its new finding.
func TestWatchedFiles(t *testing.T) {
	s, uri, _ := openService(t)
	handler := strings.Replace(uri, "service.go", "handler.go", 1)
	path := strings.TrimPrefix(handler, "file://")
	src := readFile(t, path) + "\nfunc (h *Handler) audit(r *http.Request, msg *sarama.ProducerMessage) {\n\th.events.Input() <- msg\n}\n"
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	s.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": handler, "type": 2}}})
	s.waitDiags(handler, "the finding of the changed file", func(ds []diagnostic) bool {
		n := 0
		for _, d := range ds {
			if isTracewire(d, "sent on sarama AsyncProducer.Input() without injected trace context") {
				n++
			}
		}
		return n == 2
	})
	s.shutdown()
}

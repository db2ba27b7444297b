package main

import (
	"context"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The Emacs configuration the test uses is the one docs/editors.md gives:
// the elisp block after this marker.
const emacsMarker = "<!-- tested by cmd/tracewire-gopls/emacs_test.go -->"

// emacsDriver drives Emacs (batch mode) once the configuration is loaded:
// it visits orderapi/service.go in go-mode, starts eglot as
// eglot-ensure does, appends a printf mistake (a gopls diagnostic), waits
// for gopls's and tracewire's diagnostics in Flymake, applies tracewire's
// quick fix through eglot-code-actions (choosing it where Emacs would ask
// with completing-read), saves, and waits for the finding to go. Every
// step writes lines to the result file.
//
// Batch mode has no command loop: the driver runs what its hooks and idle
// timers would, eglot-ensure's post-command-hook, eglot's didChange and
// Flymake's start, and waits in accept-process-output, where the server's
// messages and the timers are handled.
const emacsDriver = `;;; driver.el  -*- lexical-binding: t -*-
(require 'cl-lib)
(require 'subr-x)
(defvar tw-out nil)
(defvar tw-t0 (float-time))
(defun tw-log (fmt &rest args) (push (apply #'format fmt args) tw-out))
(defun tw-stamp (what) (tw-log "time %.1fs %s" (- (float-time) tw-t0) what))
(defun tw-finish (status)
  (tw-log "status %s" status)
  (with-temp-file (getenv "EMACS_TEST_RESULT")
    (insert (mapconcat #'identity (reverse tw-out) "\n") "\n"))
  (kill-emacs 0))
(defun tw-text (d) (flymake-diagnostic-text d))
(defun tw-diags (pred) (cl-remove-if-not pred (flymake-diagnostics)))
(defun tw-send-p (d) (let ((s (tw-text d))) (and (string-prefix-p "tracewire" s) (string-match-p (regexp-quote "SendMessage sends msg without") s))))
(defun tw-publish-p (d) (let ((s (tw-text d))) (and (string-prefix-p "tracewire" s) (string-match-p (regexp-quote "messaging.Publish sends msg") s))))
(defun tw-printf-p (d) (let ((s (tw-text d))) (and (not (string-prefix-p "tracewire" s)) (string-match-p "wrong type string" s))))
(defun tw-log-diags (prefix)
  (dolist (d (flymake-diagnostics))
    (tw-log "%s %d %s %s" prefix (line-number-at-pos (flymake-diagnostic-beg d))
            (flymake-diagnostic-type d) (tw-text d))))
(defun tw-wait (pred)
  "Wait up to three minutes for PRED, starting Flymake as its idle timer would."
  (let ((deadline (+ (float-time) 180)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.2)
      (when (eglot-managed-p) (flymake-start)))
    (funcall pred)))

(condition-case err
    (progn
      (require 'go-mode)
      (require 'eglot)
      (tw-log "eglot %s" (locate-library "eglot"))
      (find-file (expand-file-name "orderapi/service.go"))
      (tw-log "mode %s" major-mode)
      (eglot-ensure)
      (run-hooks 'post-command-hook)
      (unless (tw-wait #'eglot-managed-p) (tw-finish "not-managed"))
      (tw-log "server %s" (mapconcat #'identity (process-command (jsonrpc--process (eglot-current-server))) " "))
      (goto-char (point-max))
      (insert "\nfunc debugOrder(id string) string { return fmt.Sprintf(\"order %d\", id) }\n")
      (eglot--signal-textDocument/didChange)
      (unless (tw-wait (lambda () (and (tw-diags #'tw-send-p) (tw-diags #'tw-publish-p) (tw-diags #'tw-printf-p))))
        (tw-log-diags "diag")
        (tw-finish "no-diagnostics"))
      (tw-stamp "diagnostics")
      (tw-log-diags "diag")

      ;; The quick fix: eglot-code-actions at the finding, as M-x would
      ;; run it, choosing tracewire's action from the menu.
      (let* ((send (car (tw-diags #'tw-send-p)))
             (offered nil)
             (last-nonmenu-event 13)) ; a key: the menu is a completing-read
        (goto-char (flymake-diagnostic-beg send))
        (cl-letf (((symbol-function 'completing-read)
                   (lambda (_prompt collection &rest _)
                     (setq offered (mapcar #'car collection))
                     (or (cl-find "Inject the trace context into the message headers" offered :test #'equal)
                         (progn (tw-log "offered %s" (string-join offered " | ")) (tw-finish "no-fix"))))))
          (call-interactively #'eglot-code-actions))
        (tw-log "offered %s" (string-join offered " | ")))
      (unless (save-excursion (goto-char (point-min)) (search-forward "otel.GetTextMapPropagator().Inject(ctx, carrier)" nil t))
        (tw-finish "not-fixed"))
      (tw-log "chose Inject the trace context into the message headers")
      (tw-stamp "fixed")
      (save-buffer)
      (unless (tw-wait (lambda () (and (null (tw-diags #'tw-send-p)) (tw-diags #'tw-publish-p) (tw-diags #'tw-printf-p))))
        (tw-log-diags "after")
        (tw-finish "finding-stayed"))
      (tw-log-diags "after")
      (tw-stamp "finding gone")
      (tw-finish "ok"))
  (error (tw-log "error %S" err) (tw-finish "error")))
`

// TestEmacs runs Emacs in batch mode, with eglot configured as
// docs/editors.md says, on a copy of the demo.
func TestEmacs(t *testing.T) {
	bin, gopls := setup(t)
	emacs, err := exec.LookPath("emacs")
	if err != nil {
		msg := "emacs is not installed: run scripts/test.sh (it installs Debian's emacs-nox, elpa-eglot and elpa-go-mode)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	config := docBlock(t, emacsMarker, "elisp")
	dir := demoCopy(t)
	home := t.TempDir()
	initEl := filepath.Join(home, "init.el")
	driver := filepath.Join(home, "driver.el")
	result := filepath.Join(home, "result.txt")
	// Packages from Debian's elpa-* are activated as at an interactive
	// start (batch mode skips it); then the documented configuration.
	prelude := "(require 'package)\n(package-activate-all)\n"
	if err := os.WriteFile(initEl, []byte(prelude+config), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(driver, []byte(emacsDriver), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, emacs, "--batch", "-l", initEl, "-l", driver)
	cmd.Dir = dir
	// The configuration runs tracewire-gopls from PATH. Emacs's files go
	// to a fresh home; the go command's caches (which default to ones
	// under HOME) stay the test's.
	goenv, err := exec.Command("go", "env", "GOPATH", "GOMODCACHE", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	vals := strings.Split(strings.TrimSpace(string(goenv)), "\n")
	if len(vals) != 3 {
		t.Fatalf("go env GOPATH GOMODCACHE GOCACHE: %q", goenv)
	}
	cmd.Env = append(childEnv(gopls),
		"GOPATH="+vals[0], "GOMODCACHE="+vals[1], "GOCACHE="+vals[2],
		"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"EMACS_TEST_RESULT="+result,
		"HOME="+home)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("emacs ran for %v", time.Since(start).Round(time.Millisecond))
	data, rerr := os.ReadFile(result)
	if err != nil || rerr != nil {
		t.Fatalf("emacs: %v %v\n%s\nresult:\n%s", err, rerr, out, data)
	}
	t.Logf("Emacs:\n%s", data)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if last := lines[len(lines)-1]; last != "status ok" {
		t.Fatalf("Emacs driver: %s\n%s\nemacs output:\n%s", last, data, out)
	}
	if !regexp.MustCompile(`(?m)^diag \d+ \S*warning tracewire \[producerinject\]: ` + regexp.QuoteMeta(sendFinding)).Match(data) {
		t.Errorf("Flymake did not show the finding as tracewire [producerinject]")
	}
	if !regexp.MustCompile(`(?m)^offered .*Inject the trace context into the message headers`).Match(data) ||
		!regexp.MustCompile(`(?m)^offered .*\|`).Match(data) {
		t.Errorf("eglot-code-actions did not offer the quick fix next to gopls's actions")
	}
	saved := readFile(t, filepath.Join(dir, "orderapi", "service.go"))
	if formatted, err := format.Source([]byte(saved)); err != nil || string(formatted) != saved {
		t.Errorf("the file Emacs saved is not gofmt-clean (%v):\n%s", err, saved)
	}
	for _, want := range []string{`"go.opentelemetry.io/otel/propagation"`, "otel.GetTextMapPropagator().Inject(ctx, carrier)"} {
		if !strings.Contains(saved, want) {
			t.Errorf("the file Emacs saved lacks %s", want)
		}
	}
	build := exec.Command("go", "build", "./...")
	build.Dir = dir
	build.Env = childEnv(gopls)
	if out, err := build.CombinedOutput(); err != nil {
		t.Errorf("the demo does not build after Emacs applied the fix: %v\n%s", err, out)
	}
}

// docBlock returns the first fenced block of lang after marker in
// docs/editors.md.
func docBlock(t *testing.T, marker, lang string) string {
	t.Helper()
	doc := readFile(t, "../../docs/editors.md")
	_, rest, ok := strings.Cut(doc, marker)
	if !ok {
		t.Fatalf("docs/editors.md has no %s", marker)
	}
	_, rest, ok = strings.Cut(rest, "```"+lang+"\n")
	if !ok {
		t.Fatalf("docs/editors.md has no %s block after %s", lang, marker)
	}
	block, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatalf("unterminated %s block in docs/editors.md", lang)
	}
	return block
}

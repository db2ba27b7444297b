package main

// The harness of the end-to-end tests: builds tracewire-gopls, finds the
// real gopls, and speaks LSP to the binary over its stdin and stdout as an
// editor does.
//
// The demo type-checks against sarama, confluent-kafka-go (cgo) and
// OpenTelemetry, and gopls and go vet run with GOPROXY=off: the modules must
// be in the module cache (scripts/test.sh downloads them, and installs the
// pinned gopls into bin/).

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

const demoDir = "../../testdata/demo"

// wait is how long the tests wait for anything (a response, diagnostics).
// A cold build cache makes the first analysis slow.
const wait = 4 * time.Minute

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// setup returns the tracewire-gopls binary, built once, and the real gopls.
// Without a gopls it skips the test, unless $CI is set.
func setup(t *testing.T) (bin, gopls string) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test runs gopls and go vet on the demo module; skipped in -short mode")
	}
	gopls = findTestGopls()
	if gopls == "" {
		msg := "gopls is not installed: run scripts/test.sh (it installs the pinned gopls into bin/), or set TRACEWIRE_GOPLS"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tracewire-gopls-test-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "tracewire-gopls")
		if runtime.GOOS == "windows" {
			builtBin += ".exe"
		}
		out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin, gopls
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		_ = os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// findTestGopls returns $TRACEWIRE_GOPLS, the repository's bin/gopls
// (scripts/test.sh installs it there), or gopls on PATH.
func findTestGopls() string {
	if p := os.Getenv("TRACEWIRE_GOPLS"); p != "" {
		return p
	}
	if p, err := filepath.Abs("../../bin/gopls"); err == nil {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("gopls"); err == nil {
		return p
	}
	return ""
}

// childEnv is the test's environment with the network off: modules come
// from the module cache only, and go.sum is used as is.
func childEnv(gopls string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "GOPROXY", "GOWORK", "TRACEWIRE_GOPLS":
			continue
		case "GOFLAGS":
			var flags []string
			for f := range strings.FieldsSeq(v) {
				if !strings.HasPrefix(strings.TrimLeft(f, "-"), "mod=") {
					flags = append(flags, f)
				}
			}
			kv = "GOFLAGS=" + strings.Join(flags, " ")
		}
		out = append(out, kv)
	}
	return append(out, "GOPROXY=off", "GOWORK=off", "TRACEWIRE_GOPLS="+gopls)
}

// demoCopy copies the demo module into a fresh temporary directory.
func demoCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(demoDir)); err != nil {
		t.Fatalf("copying the demo: %v", err)
	}
	return dir
}

// fileURI is the URI the tests (and Neovim) use for a path.
func fileURI(path string) string { return "file://" + filepath.ToSlash(path) }

type position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start position `json:"start"`
	End   position `json:"end"`
}

type diagnostic struct {
	Range           lspRange        `json:"range"`
	Severity        int             `json:"severity"`
	Code            json.RawMessage `json:"code"`
	CodeDescription *struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
	Source  string `json:"source"`
	Message string `json:"message"`
}

func (d diagnostic) String() string {
	return fmt.Sprintf("%d:%d [%s %s] %s", d.Range.Start.Line+1, d.Range.Start.Character+1, d.Source, d.Code, d.Message)
}

type textEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type codeAction struct {
	Title       string       `json:"title"`
	Kind        string       `json:"kind"`
	Diagnostics []diagnostic `json:"diagnostics"`
	Edit        *struct {
		Changes map[string][]textEdit `json:"changes"`
	} `json:"edit"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

type incoming struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *rpcError       `json:"error"`
}

// A session is tracewire-gopls serving one editor (the test).
type session struct {
	t       *testing.T
	stdin   io.WriteCloser
	wmu     sync.Mutex
	done    chan struct{} // closed when the process has exited
	exitErr error

	mu        sync.Mutex
	changed   *sync.Cond
	nextID    int
	responses map[string]incoming
	diags     map[string][]diagnostic // latest publish per URI
	messages  []string                // window/showMessage: "type: message"
	progress  []string                // $/progress: "token kind"
	creates   int                     // tracewire's window/workDoneProgress/create requests
	settings  any                     // returned for workspace/configuration items
	log       bytes.Buffer            // stderr
	eof       bool
}

// start runs tracewire-gopls with args in dir.
func start(t *testing.T, bin, gopls, dir string, args ...string) *session {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = childEnv(gopls)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := newSession(t, stdin, stdout)
	cmd.Stderr = &lockedWriter{s: s}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.exited(cmd.Wait()) }()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

// newSession speaks LSP on stdin and stdout.
func newSession(t *testing.T, stdin io.WriteCloser, stdout io.Reader) *session {
	s := &session{t: t, stdin: stdin, done: make(chan struct{}), responses: map[string]incoming{}, diags: map[string][]diagnostic{}}
	s.changed = sync.NewCond(&s.mu)
	go s.readLoop(stdout)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("tracewire-gopls stderr:\n%s", s.stderr())
		}
	})
	return s
}

// exited records the end of tracewire-gopls.
func (s *session) exited(err error) {
	s.mu.Lock()
	s.exitErr = err
	s.mu.Unlock()
	close(s.done)
	s.broadcast()
}

type lockedWriter struct{ s *session }

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	w.s.log.Write(p)
	w.s.changed.Broadcast()
	return len(p), nil
}

func (s *session) stderr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

func (s *session) broadcast() {
	s.mu.Lock()
	s.changed.Broadcast()
	s.mu.Unlock()
}

func (s *session) readLoop(r io.Reader) {
	br := bufio.NewReader(r)
	for {
		length := -1
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				s.mu.Lock()
				s.eof = true
				s.changed.Broadcast()
				s.mu.Unlock()
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length:"); ok {
				length, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(br, body); err != nil {
			return
		}
		var m incoming
		if err := json.Unmarshal(body, &m); err != nil {
			s.t.Errorf("tracewire-gopls sent invalid JSON: %v: %s", err, body)
			continue
		}
		s.handle(m)
	}
}

func (s *session) handle(m incoming) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.changed.Broadcast()
	switch {
	case m.Method != "" && len(m.ID) > 0: // a request to the editor
		var result any
		switch m.Method {
		case "workspace/configuration":
			var params struct {
				Items []json.RawMessage `json:"items"`
			}
			_ = json.Unmarshal(m.Params, &params)
			items := make([]any, len(params.Items))
			for i := range items {
				items[i] = s.settings
			}
			result = items
		case "window/workDoneProgress/create":
			if bytes.Contains(m.Params, []byte(`"tracewire-gopls/`)) {
				s.creates++
			}
		}
		go s.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
	case m.Method == "textDocument/publishDiagnostics":
		var params struct {
			URI         string       `json:"uri"`
			Diagnostics []diagnostic `json:"diagnostics"`
		}
		if err := json.Unmarshal(m.Params, &params); err != nil {
			s.t.Errorf("bad publishDiagnostics: %v", err)
			return
		}
		s.diags[params.URI] = params.Diagnostics
	case m.Method == "window/showMessage":
		var params struct {
			Type    int    `json:"type"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(m.Params, &params)
		s.messages = append(s.messages, fmt.Sprintf("%d: %s", params.Type, params.Message))
	case m.Method == "$/progress":
		var params struct {
			Token json.RawMessage `json:"token"`
			Value struct {
				Kind string `json:"kind"`
			} `json:"value"`
		}
		_ = json.Unmarshal(m.Params, &params)
		s.progress = append(s.progress, fmt.Sprintf("%s %s", params.Token, params.Value.Kind))
	case m.Method == "":
		s.responses[string(m.ID)] = m
	}
}

func (s *session) send(msg any) {
	body, err := json.Marshal(msg)
	if err != nil {
		s.t.Errorf("marshal: %v", err)
		return
	}
	s.sendRaw(fmt.Appendf(nil, "Content-Length: %d\r\n\r\n%s", len(body), body))
}

func (s *session) sendRaw(b []byte) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_, _ = s.stdin.Write(b)
}

func (s *session) notify(method string, params any) {
	s.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// call sends a request and waits for its response.
func (s *session) call(method string, params any) incoming {
	s.t.Helper()
	s.mu.Lock()
	s.nextID++
	id := s.nextID
	s.mu.Unlock()
	s.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	var resp incoming
	s.waitFor(method+" response", func() bool {
		r, ok := s.responses[strconv.Itoa(id)]
		resp = r
		return ok
	})
	return resp
}

// waitFor waits until cond (called with s.mu held) holds.
func (s *session) waitFor(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(wait)
	timer := time.AfterFunc(wait, s.broadcast)
	defer timer.Stop()
	s.mu.Lock()
	for !cond() {
		failure := ""
		switch {
		case time.Now().After(deadline):
			failure = "timed out waiting for " + what
		case s.eof && isClosed(s.done):
			failure = "tracewire-gopls exited while the test waited for " + what
		}
		if failure != "" {
			state := fmt.Sprintf("diagnostics: %v\nmessages: %q", s.diags, s.messages)
			s.mu.Unlock()
			s.t.Fatalf("%s\n%s", failure, state)
		}
		s.changed.Wait()
	}
	s.mu.Unlock()
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// waitDiags waits until the diagnostics of uri satisfy cond, and returns
// them.
func (s *session) waitDiags(uri, what string, cond func([]diagnostic) bool) []diagnostic {
	s.t.Helper()
	var got []diagnostic
	s.waitFor(what, func() bool {
		got = s.diags[uri]
		return cond(got)
	})
	return got
}

// logCount is how many times the stderr log matches re.
func (s *session) logCount(re *regexp.Regexp) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(re.FindAllIndex(s.log.Bytes(), -1))
}

func (s *session) initialize(root string, initOptions any) {
	s.t.Helper()
	resp := s.call("initialize", map[string]any{
		"processId": os.Getpid(),
		"rootUri":   fileURI(root),
		"workspaceFolders": []any{
			map[string]any{"uri": fileURI(root), "name": filepath.Base(root)},
		},
		"capabilities": map[string]any{
			"window": map[string]any{"workDoneProgress": true},
			"workspace": map[string]any{
				"configuration":         true,
				"workspaceEdit":         map[string]any{"documentChanges": false},
				"workspaceFolders":      true,
				"didChangeWatchedFiles": map[string]any{"dynamicRegistration": false},
			},
			"textDocument": map[string]any{
				"publishDiagnostics": map[string]any{"relatedInformation": true, "codeDescriptionSupport": true},
				"codeAction": map[string]any{
					"codeActionLiteralSupport": map[string]any{
						"codeActionKind": map[string]any{"valueSet": []string{"", "quickfix", "refactor", "refactor.extract", "refactor.inline", "refactor.rewrite", "source", "source.organizeImports"}},
					},
				},
				"synchronization": map[string]any{"didSave": true},
			},
		},
		"initializationOptions": initOptions,
	})
	if resp.Error != nil {
		s.t.Fatalf("initialize: %s", resp.Error.Message)
	}
	var res struct {
		Capabilities map[string]json.RawMessage `json:"capabilities"`
	}
	if err := json.Unmarshal(resp.Result, &res); err != nil {
		s.t.Fatalf("initialize result: %v", err)
	}
	if !strings.Contains(string(res.Capabilities["codeActionProvider"]), "quickfix") {
		s.t.Errorf("codeActionProvider %s does not announce quickfix", res.Capabilities["codeActionProvider"])
	}
	// gopls's own capabilities come through.
	for _, c := range []string{"hoverProvider", "definitionProvider", "renameProvider", "textDocumentSync"} {
		if _, ok := res.Capabilities[c]; !ok {
			s.t.Errorf("initialize result lacks gopls's %s", c)
		}
	}
	s.notify("initialized", map[string]any{})
}

func (s *session) open(uri, text string) {
	s.notify("textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": text},
	})
}

func (s *session) change(uri string, version int, text string) {
	s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []any{map[string]any{"text": text}},
	})
}

// shutdown shuts the session down and checks that tracewire-gopls exits
// with status 0 and leaves no gopls behind.
func (s *session) shutdown() {
	s.t.Helper()
	pids := s.goplsPIDs()
	resp := s.call("shutdown", nil)
	if resp.Error != nil {
		s.t.Errorf("shutdown: %s", resp.Error.Message)
	}
	s.notify("exit", nil)
	select {
	case <-s.done:
	case <-time.After(time.Minute):
		s.t.Fatal("tracewire-gopls did not exit after exit")
	}
	s.mu.Lock()
	err := s.exitErr
	s.mu.Unlock()
	if err != nil {
		s.t.Errorf("tracewire-gopls exited with %v after shutdown and exit", err)
	}
	for _, pid := range pids {
		if alive(pid) {
			s.t.Errorf("gopls (pid %d) is still running after tracewire-gopls exited", pid)
		}
	}
}

var goplsPID = regexp.MustCompile(`gopls \S+ \(pid (\d+)\)`)

// goplsPIDs returns the gopls processes tracewire-gopls says it started.
func (s *session) goplsPIDs() []int {
	var pids []int
	for _, m := range goplsPID.FindAllStringSubmatch(s.stderr(), -1) {
		pid, _ := strconv.Atoi(m[1])
		pids = append(pids, pid)
	}
	return pids
}

// applyEdits applies LSP text edits (UTF-16 positions) to text.
func applyEdits(t *testing.T, text string, edits []textEdit) string {
	t.Helper()
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{offset(t, text, e.Range.Start), offset(t, text, e.Range.End), e.NewText})
	}
	// Apply from the end so that offsets stay valid.
	for i := len(spans) - 1; i >= 0; i-- {
		for j := 0; j < i; j++ {
			if spans[j].start > spans[j+1].start {
				spans[j], spans[j+1] = spans[j+1], spans[j]
			}
		}
	}
	for i := len(spans) - 1; i >= 0; i-- {
		sp := spans[i]
		text = text[:sp.start] + sp.text + text[sp.end:]
	}
	return text
}

func offset(t *testing.T, text string, p position) int {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	if p.Line >= len(lines) {
		t.Fatalf("position %+v past the end of the text", p)
	}
	off := 0
	for _, l := range lines[:p.Line] {
		off += len(l)
	}
	line := lines[p.Line]
	units := 0
	i := 0
	for i < len(line) && units < p.Character {
		r, size := utf8.DecodeRuneInString(line[i:])
		units += utf16.RuneLen(r)
		i += size
	}
	return off + i
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

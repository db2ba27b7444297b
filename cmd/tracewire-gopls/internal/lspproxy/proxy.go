// Package lspproxy is a language server that fronts gopls: it relays LSP
// between an editor and a gopls process unchanged, except that it merges
// tracewire's diagnostics into gopls's, adds tracewire's suggested fixes to
// gopls's code actions, and takes tracewire's settings out of what gopls
// sees. tracewire itself runs as go vet -vettool, so the go command's
// caches (dependency facts included) are reused from one run to the next.
package lspproxy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Options configure a Proxy.
type Options struct {
	Gopls     string   // path of the real gopls
	GoplsArgs []string // its command line (gopls's serving flags)
	// VetTool is the path of a go vet tool that runs tracewire's
	// analyzers (tracewire-gopls itself, or tracewire).
	VetTool string
	// Config is the in-house bus configuration file (docs/buses.md) go
	// vet's tool runs get as $TRACEWIRE_CONFIG, by its absolute path;
	// "" leaves the environment's.
	Config string
	Go     string // the go command; "go" if empty
	// Debounce is how long after the last change an analysis of the
	// unsaved text starts.
	Debounce time.Duration
	// ProgressDelay is how long an analysis runs before it is shown with
	// work-done progress.
	ProgressDelay time.Duration
	// MaxRestarts is how many times gopls is restarted after it exits
	// unexpectedly, within RestartWindow, before the proxy gives up.
	MaxRestarts   int
	RestartWindow time.Duration
	Log           io.Writer // tracewire-gopls's log and gopls's stderr
}

// A Proxy is one session between an editor and gopls.
type Proxy struct {
	opts   Options
	client *writer
	ctx    context.Context
	cancel context.CancelFunc
	tmp    string
	wg     sync.WaitGroup // analysis runs
	fatal  chan error     // gopls could not be kept running
	pubMu  sync.Mutex     // orders diagnostics publishes

	mu            sync.Mutex
	srv           *server
	restarting    bool
	queue         [][]byte // messages for gopls while it restarts
	restarts      []time.Time
	initParams    json.RawMessage // initialize params as gopls got them
	initialized   bool            // the client sent initialized
	shutdown      bool
	exiting       bool
	progress      bool   // the client supports work-done progress
	literals      bool   // the client takes CodeAction literals
	settingsErr   string // to show once initialize has been answered
	clientPending map[string]pending
	serverPending map[string]string // gopls's requests to the client: id -> method
	ours          map[string]func(*message)
	nextID        int
	docs          map[string]*document // by URI
	gopls         map[string]goplsDiags
	findings      map[string][]finding // by package directory
	modules       map[string]*module   // by module root
	flags         []string
	build         build // gopls's build settings
	lastErr       string
}

type pending struct {
	method string
	params json.RawMessage
}

type document struct {
	path       string
	languageID string
	root       string // module root, "" if none
	version    int
	text       string
}

// goplsDiags is gopls's last publish for a document.
type goplsDiags struct {
	version     json.RawMessage
	diagnostics []json.RawMessage
}

// A module is the analysis state of one module.
type module struct {
	timer  *time.Timer
	cancel context.CancelFunc
	seq    int // of the latest run started
}

// New returns a proxy.
func New(opts Options) *Proxy {
	if opts.Go == "" {
		opts.Go = "go"
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.MaxRestarts == 0 {
		opts.MaxRestarts = 3
	}
	if opts.RestartWindow == 0 {
		opts.RestartWindow = 5 * time.Minute
	}
	return &Proxy{
		opts:          opts,
		fatal:         make(chan error, 1),
		clientPending: map[string]pending{},
		serverPending: map[string]string{},
		ours:          map[string]func(*message){},
		docs:          map[string]*document{},
		gopls:         map[string]goplsDiags{},
		findings:      map[string][]finding{},
		modules:       map[string]*module{},
	}
}

func (p *Proxy) logf(format string, args ...any) {
	_, _ = fmt.Fprintf(p.opts.Log, "tracewire-gopls: "+format+"\n", args...)
}

// Run serves the editor on in and out until it sends exit, closes in, or
// gopls cannot be kept running. It returns the exit code: 0 after shutdown
// and exit, 1 otherwise.
func (p *Proxy) Run(in io.Reader, out io.Writer) (int, error) {
	p.client = &writer{w: out}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	tmp, err := os.MkdirTemp("", "tracewire-gopls-")
	if err != nil {
		return 1, err
	}
	p.tmp = tmp
	s, err := startServer(p.opts.Gopls, p.opts.GoplsArgs, p.opts.Log)
	if err != nil {
		_ = os.RemoveAll(tmp)
		return 1, fmt.Errorf("starting gopls (%s): %w", p.opts.Gopls, err)
	}
	p.logf("started gopls %s (pid %d)", p.opts.Gopls, s.cmd.Process.Pid)
	p.srv = s
	go p.serverLoop(s)

	clientDone := make(chan error, 1)
	go func() { clientDone <- p.clientLoop(newReader(in)) }()
	var runErr error
	select {
	case runErr = <-clientDone:
	case runErr = <-p.fatal:
	}
	p.stop()
	p.mu.Lock()
	clean := p.shutdown && errors.Is(runErr, errExit)
	p.mu.Unlock()
	if errors.Is(runErr, errExit) {
		runErr = nil
	}
	if clean {
		return 0, nil
	}
	if runErr == nil {
		runErr = errors.New("the editor closed the connection without shutdown and exit")
	}
	return 1, runErr
}

var errExit = errors.New("exit")

// stop ends every analysis and gopls, and waits for them.
func (p *Proxy) stop() {
	p.mu.Lock()
	p.exiting = true
	for _, m := range p.modules {
		if m.timer != nil {
			m.timer.Stop()
		}
		if m.cancel != nil {
			m.cancel()
		}
	}
	s := p.srv
	p.mu.Unlock()
	p.cancel()
	p.wg.Wait()
	s.stop(5 * time.Second)
	<-s.done
	_ = os.RemoveAll(p.tmp)
}

// clientLoop reads the editor's messages until exit or the end of input.
func (p *Proxy) clientLoop(r *reader) error {
	for {
		body, err := r.read()
		var fe *frameError
		if errors.As(err, &fe) {
			p.logf("from the editor: %v (dropped)", err)
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if p.fromClient(body) {
			return errExit
		}
	}
}

// fromClient handles one message of the editor and reports whether it was
// exit.
func (p *Proxy) fromClient(body []byte) bool {
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		p.logf("from the editor: invalid JSON: %v", err)
		p.toClient(errorResponse(nil, codeParseError, "tracewire-gopls: invalid JSON: "+err.Error()))
		return false
	}
	switch {
	case m.isRequest():
		p.clientRequest(&m, body)
	case m.isNotification():
		return p.clientNotification(&m, body)
	case m.isResponse():
		p.clientResponse(&m, body)
	default:
		p.logf("from the editor: not a request, notification or response: %s", truncate(string(body), 100))
		p.toClient(errorResponse(m.ID, codeInvalidRequest, "tracewire-gopls: not a JSON-RPC request, notification or response"))
	}
	return false
}

func (p *Proxy) clientRequest(m *message, body []byte) {
	switch m.Method {
	case "initialize":
		body = p.initialize(m, body)
	case "shutdown":
		p.mu.Lock()
		p.shutdown = true
		for _, mod := range p.modules {
			if mod.timer != nil {
				mod.timer.Stop()
			}
			if mod.cancel != nil {
				mod.cancel()
			}
		}
		p.mu.Unlock()
	}
	p.mu.Lock()
	p.clientPending[idKey(m.ID)] = pending{method: m.Method, params: m.Params}
	p.mu.Unlock()
	p.toServer(body)
}

// initialize takes tracewire's settings out of initializationOptions and
// notes the client's capabilities; it returns the request for gopls.
func (p *Proxy) initialize(m *message, body []byte) []byte {
	var params map[string]json.RawMessage
	if json.Unmarshal(m.Params, &params) != nil {
		return body
	}
	var caps struct {
		Window struct {
			WorkDoneProgress bool `json:"workDoneProgress"`
		} `json:"window"`
		TextDocument struct {
			CodeAction struct {
				CodeActionLiteralSupport json.RawMessage `json:"codeActionLiteralSupport"`
			} `json:"codeAction"`
		} `json:"textDocument"`
	}
	_ = json.Unmarshal(params["capabilities"], &caps)
	p.mu.Lock()
	p.progress = caps.Window.WorkDoneProgress
	lit := caps.TextDocument.CodeAction.CodeActionLiteralSupport
	p.literals = len(lit) > 0 && string(lit) != "null"
	p.mu.Unlock()
	if b, ok := goplsBuild(params["initializationOptions"]); ok {
		p.mu.Lock()
		p.build = b
		p.mu.Unlock()
	}
	if opts, raw, ok := takeSettings(params["initializationOptions"]); ok {
		if err := p.setFlags(raw, false); err != nil {
			p.mu.Lock()
			p.settingsErr = err.Error()
			p.mu.Unlock()
		}
		params["initializationOptions"] = opts
		m.Params = marshal(params)
		body = marshal(m)
	}
	p.mu.Lock()
	p.initParams = m.Params
	p.mu.Unlock()
	return body
}

// takeSettings takes the tracewire key out of a JSON object. It returns
// the object without it, the key's value, and whether it was there.
func takeSettings(obj json.RawMessage) (json.RawMessage, any, bool) {
	var o map[string]json.RawMessage
	if json.Unmarshal(obj, &o) != nil || o == nil {
		return obj, nil, false
	}
	raw, ok := o[settingsKey]
	if !ok {
		return obj, nil, false
	}
	delete(o, settingsKey)
	var v any
	_ = json.Unmarshal(raw, &v)
	return marshal(o), v, true
}

// setFlags decodes settings into analyzer flags. Unless deferred, an error
// is shown to the user at once, and new flags start a new analysis.
func (p *Proxy) setFlags(raw any, now bool) error {
	flags, err := vetFlags(raw)
	if err != nil {
		p.logf("settings: %v", err)
		if now {
			p.showError(err.Error())
		}
		return err
	}
	p.mu.Lock()
	changed := strings.Join(flags, " ") != strings.Join(p.flags, " ")
	p.flags = flags
	if changed && now {
		for root := range p.modules {
			p.scheduleLocked(root, 0)
		}
	}
	p.mu.Unlock()
	return nil
}

// setBuild records gopls's build settings; a change starts a new
// analysis.
func (p *Proxy) setBuild(b build) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if slices.Equal(b.flags, p.build.flags) && slices.Equal(b.env, p.build.env) {
		return
	}
	p.build = b
	for root := range p.modules {
		p.scheduleLocked(root, 0)
	}
}

func (p *Proxy) clientNotification(m *message, body []byte) bool {
	switch m.Method {
	case "initialized":
		p.mu.Lock()
		p.initialized = true
		p.mu.Unlock()
	case "textDocument/didOpen":
		var params struct {
			TextDocument struct {
				URI        string `json:"uri"`
				LanguageID string `json:"languageId"`
				Version    int    `json:"version"`
				Text       string `json:"text"`
			} `json:"textDocument"`
		}
		if json.Unmarshal(m.Params, &params) == nil {
			td := params.TextDocument
			p.open(td.URI, td.LanguageID, td.Version, td.Text)
		}
	case "textDocument/didChange":
		var params struct {
			TextDocument struct {
				URI     string `json:"uri"`
				Version int    `json:"version"`
			} `json:"textDocument"`
			ContentChanges []contentChange `json:"contentChanges"`
		}
		if json.Unmarshal(m.Params, &params) == nil {
			p.change(params.TextDocument.URI, params.TextDocument.Version, params.ContentChanges)
		}
	case "textDocument/didSave":
		var params struct {
			TextDocument struct {
				URI string `json:"uri"`
			} `json:"textDocument"`
		}
		if json.Unmarshal(m.Params, &params) == nil {
			p.mu.Lock()
			if d, ok := p.docs[params.TextDocument.URI]; ok && d.root != "" {
				p.scheduleLocked(d.root, 0)
			}
			p.mu.Unlock()
		}
	case "textDocument/didClose":
		var params struct {
			TextDocument struct {
				URI string `json:"uri"`
			} `json:"textDocument"`
		}
		if json.Unmarshal(m.Params, &params) == nil {
			p.close(params.TextDocument.URI)
		}
	case "workspace/didChangeWatchedFiles":
		// Files changed on disk (a checkout, a generator): analyze the
		// open packages again, after the usual pause.
		p.mu.Lock()
		for root := range p.modules {
			p.scheduleLocked(root, p.opts.Debounce)
		}
		p.mu.Unlock()
	case "workspace/didChangeConfiguration":
		var params map[string]json.RawMessage
		if json.Unmarshal(m.Params, &params) == nil {
			if settings, raw, ok := takeSettings(params["settings"]); ok {
				_ = p.setFlags(raw, true)
				params["settings"] = settings
				m.Params = marshal(params)
				body = marshal(m)
			}
		}
	case "exit":
		// gopls exits now: that is no crash.
		p.mu.Lock()
		p.exiting = true
		p.mu.Unlock()
		p.toServer(body)
		return true
	}
	p.toServer(body)
	return false
}

func (p *Proxy) clientResponse(m *message, body []byte) {
	key := idKey(m.ID)
	p.mu.Lock()
	if h, ok := p.ours[key]; ok {
		delete(p.ours, key)
		p.mu.Unlock()
		h(m)
		return
	}
	method := p.serverPending[key]
	delete(p.serverPending, key)
	p.mu.Unlock()
	if method == "workspace/configuration" && len(m.Result) > 0 {
		// Editors answer gopls's request for its settings with the
		// object they keep for it, which may hold tracewire's settings.
		var items []json.RawMessage
		if json.Unmarshal(m.Result, &items) == nil {
			changed := false
			for i, item := range items {
				if b, ok := goplsBuild(item); ok {
					p.setBuild(b)
				}
				if obj, raw, ok := takeSettings(item); ok {
					_ = p.setFlags(raw, true)
					items[i] = obj
					changed = true
				}
			}
			if changed {
				m.Result = marshal(items)
				body = marshal(m)
			}
		}
	}
	p.toServer(body)
}

// toServer sends a message to gopls, or queues it while gopls restarts.
func (p *Proxy) toServer(body []byte) {
	p.mu.Lock()
	if p.restarting {
		p.queue = append(p.queue, body)
		p.mu.Unlock()
		return
	}
	s := p.srv
	p.mu.Unlock()
	if err := s.w.write(body); err != nil {
		p.logf("writing to gopls: %v", err) // its exit is handled by serverLoop
	}
}

func (p *Proxy) toClient(body []byte) {
	if err := p.client.write(body); err != nil {
		p.logf("writing to the editor: %v", err)
	}
}

// showError shows an error message to the user.
func (p *Proxy) showError(msg string) {
	p.toClient(notification("window/showMessage", map[string]any{"type": 1, "message": msg}))
}

// serverLoop reads gopls's messages until gopls exits.
func (p *Proxy) serverLoop(s *server) {
	for {
		body, err := s.r.read()
		var fe *frameError
		if errors.As(err, &fe) {
			p.logf("from gopls: %v (dropped)", err)
			continue
		}
		if err != nil {
			break
		}
		p.fromServer(body)
	}
	_ = s.out.Close()
	<-s.exited
	p.serverExited(s)
	close(s.done)
}

func (p *Proxy) fromServer(body []byte) {
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		p.logf("from gopls: invalid JSON (dropped): %v", err)
		return
	}
	switch {
	case m.isRequest():
		p.mu.Lock()
		p.serverPending[idKey(m.ID)] = m.Method
		p.mu.Unlock()
	case m.isNotification():
		if m.Method == "textDocument/publishDiagnostics" {
			p.goplsPublish(&m)
			return
		}
	case m.isResponse():
		key := idKey(m.ID)
		p.mu.Lock()
		h, ours := p.ours[key]
		delete(p.ours, key)
		req, ok := p.clientPending[key]
		if !ours {
			delete(p.clientPending, key)
		}
		p.mu.Unlock()
		if ours {
			h(&m)
			return
		}
		if ok {
			switch req.method {
			case "initialize":
				body = p.initializeResult(&m, body)
				p.toClient(body)
				p.mu.Lock()
				msg := p.settingsErr
				p.settingsErr = ""
				p.mu.Unlock()
				if msg != "" {
					p.showError(msg)
				}
				return
			case "textDocument/codeAction":
				body = p.codeActions(req.params, &m, body)
			}
		}
	}
	p.toClient(body)
}

// initializeResult adds to gopls's capabilities what the proxy adds:
// quickfix code actions.
func (p *Proxy) initializeResult(m *message, body []byte) []byte {
	var res map[string]json.RawMessage
	if len(m.Error) > 0 || json.Unmarshal(m.Result, &res) != nil {
		return body
	}
	var caps map[string]json.RawMessage
	if json.Unmarshal(res["capabilities"], &caps) != nil || caps == nil {
		caps = map[string]json.RawMessage{}
	}
	var provider any
	_ = json.Unmarshal(caps["codeActionProvider"], &provider)
	switch v := provider.(type) {
	case bool:
		if !v {
			provider = map[string]any{"codeActionKinds": []string{"quickfix"}}
		}
	case map[string]any:
		kinds, _ := v["codeActionKinds"].([]any)
		has := false
		for _, k := range kinds {
			has = has || k == "quickfix"
		}
		if !has {
			v["codeActionKinds"] = append(kinds, "quickfix")
		}
	default:
		provider = map[string]any{"codeActionKinds": []string{"quickfix"}}
	}
	caps["codeActionProvider"] = marshal(provider)
	res["capabilities"] = marshal(caps)
	m.Result = marshal(res)
	return marshal(m)
}

// serverExited handles the end of a gopls process.
func (p *Proxy) serverExited(s *server) {
	p.mu.Lock()
	if p.exiting || p.srv != s {
		p.mu.Unlock()
		return
	}
	if p.shutdown {
		// After shutdown, gopls may exit before the editor sends exit.
		p.mu.Unlock()
		p.logf("gopls exited after shutdown (%v)", s.err)
		return
	}
	status := "exited"
	if s.err != nil {
		status = s.err.Error()
	}
	why := fmt.Sprintf("gopls exited unexpectedly (%s)", status)
	if t := lastLines(s.stderr.String(), 3); t != "" {
		why += ": " + t
	}
	// Requests gopls will never answer.
	failed := p.clientPending
	p.clientPending = map[string]pending{}
	now := time.Now()
	var recent []time.Time
	for _, t := range p.restarts {
		if now.Sub(t) < p.opts.RestartWindow {
			recent = append(recent, t)
		}
	}
	giveUp := len(recent) >= p.opts.MaxRestarts
	if !giveUp {
		recent = append(recent, now)
		p.restarts = recent
		p.restarting = true
	}
	p.mu.Unlock()
	p.logf("%s", why)
	for id := range failed {
		p.toClient(errorResponse(json.RawMessage(id), codeRequestFailed, "tracewire-gopls: "+why))
	}
	if giveUp {
		msg := fmt.Sprintf("tracewire-gopls: %s; it exited %d times in %v, so tracewire-gopls is exiting. Restart the language server.", why, len(recent)+1, p.opts.RestartWindow)
		p.showError(msg)
		p.fail(errors.New(msg))
		return
	}
	p.showError("tracewire-gopls: " + why + "; restarting gopls")
	if err := p.restart(); err != nil {
		msg := fmt.Sprintf("tracewire-gopls: %s, and restarting it failed: %v. Restart the language server.", why, err)
		p.showError(msg)
		p.fail(errors.New(msg))
	}
}

// fail ends Run with err (the first such error).
func (p *Proxy) fail(err error) {
	select {
	case p.fatal <- err:
	default:
	}
}

// restart starts a new gopls and brings it to the editor's state:
// initialize, initialized, and every open document.
func (p *Proxy) restart() error {
	s, err := startServer(p.opts.Gopls, p.opts.GoplsArgs, p.opts.Log)
	if err != nil {
		return err
	}
	p.logf("restarted gopls %s (pid %d)", p.opts.Gopls, s.cmd.Process.Pid)
	p.mu.Lock()
	if p.exiting {
		// Run is ending: it stops the gopls it knows, not this one.
		p.mu.Unlock()
		_ = s.cmd.Process.Kill()
		go p.serverLoop(s)
		return nil
	}
	p.srv = s
	params := p.initParams
	if params == nil {
		// The editor has not initialized yet: nothing to replay.
		p.flushLocked()
		p.mu.Unlock()
		go p.serverLoop(s)
		return nil
	}
	id := p.newIDLocked()
	p.ours[idKey(marshal(id))] = func(m *message) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if len(m.Error) > 0 {
			p.logf("restarted gopls failed to initialize: %s", m.Error)
		}
		if p.initialized {
			_ = s.w.write(notification("initialized", map[string]any{}))
		}
		for uri, d := range p.docs {
			_ = s.w.write(notification("textDocument/didOpen", map[string]any{
				"textDocument": map[string]any{"uri": uri, "languageId": d.languageID, "version": d.version, "text": d.text},
			}))
		}
		p.flushLocked()
	}
	p.mu.Unlock()
	go p.serverLoop(s)
	if err := s.w.write(request(id, "initialize", params)); err != nil {
		// It has exited already: serverLoop sees to that.
		p.logf("initializing the restarted gopls: %v", err)
	}
	return nil
}

// flushLocked sends the messages queued while gopls restarted.
func (p *Proxy) flushLocked() {
	for _, body := range p.queue {
		_ = p.srv.w.write(body)
	}
	p.queue = nil
	p.restarting = false
}

func (p *Proxy) newIDLocked() string {
	p.nextID++
	return fmt.Sprintf("tracewire-gopls/%d", p.nextID)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.TrimSpace(strings.Join(lines, " | "))
}

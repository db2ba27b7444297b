package lspproxy

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

func (p *Proxy) open(uri, languageID string, version int, text string) {
	path, err := uriToPath(uri)
	if err != nil {
		return
	}
	d := &document{path: path, languageID: languageID, version: version, text: text}
	if strings.HasSuffix(path, ".go") {
		if root, ok := moduleRoot(filepath.Dir(path)); ok {
			d.root = root
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.docs[uri] = d
	if d.root != "" {
		p.scheduleLocked(d.root, 0)
	}
}

func (p *Proxy) change(uri string, version int, changes []contentChange) {
	p.mu.Lock()
	defer p.mu.Unlock()
	d, ok := p.docs[uri]
	if !ok {
		return
	}
	text, err := applyChanges(d.text, changes)
	if err != nil {
		// The proxy's copy no longer matches the editor's: analyze
		// the file as saved until the editor reopens it.
		p.logf("%s: applying didChange: %v; analyzing the saved file", uri, err)
		delete(p.docs, uri)
		return
	}
	d.text, d.version = text, version
	// Findings kept from an earlier text (a package that does not
	// type-check keeps them until it does) move with the text, so that
	// publishes before the next analysis show them in place.
	for _, fs := range p.findings {
		for i := range fs {
			if fs[i].uri != uri {
				continue
			}
			for _, c := range changes {
				if c.Range == nil {
					break // the whole text: nothing to follow
				}
				fs[i].diag.Range = lspRange{Start: shift(fs[i].diag.Range.Start, c), End: shift(fs[i].diag.Range.End, c)}
			}
		}
	}
	if d.root != "" {
		p.scheduleLocked(d.root, p.opts.Debounce)
	}
}

func (p *Proxy) close(uri string) {
	p.mu.Lock()
	d, ok := p.docs[uri]
	if !ok {
		p.mu.Unlock()
		return
	}
	delete(p.docs, uri)
	dir := filepath.Dir(d.path)
	for _, o := range p.docs {
		if filepath.Dir(o.path) == dir {
			p.mu.Unlock()
			return // the package is still analyzed
		}
	}
	// No open document is left in the package: its findings would go
	// stale, so drop them.
	var uris []string
	for _, f := range p.findings[dir] {
		uris = append(uris, f.uri)
	}
	delete(p.findings, dir)
	p.mu.Unlock()
	for _, u := range dedupe(uris) {
		p.publish(u)
	}
}

// scheduleLocked starts an analysis of the module's open packages after
// delay, replacing any analysis scheduled or running.
func (p *Proxy) scheduleLocked(root string, delay time.Duration) {
	if p.exiting || p.shutdown {
		return
	}
	m := p.modules[root]
	if m == nil {
		m = &module{}
		p.modules[root] = m
	}
	if m.timer != nil {
		m.timer.Stop()
	}
	m.timer = time.AfterFunc(delay, func() { p.start(root) })
}

// start starts an analysis of the open packages of the module at root,
// over the editor's text, cancelling the one running.
func (p *Proxy) start(root string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.exiting || p.shutdown {
		return
	}
	m := p.modules[root]
	if m.cancel != nil {
		m.cancel() // kills its go vet: its result would be stale
	}
	modPath, err := modulePath(root)
	if err != nil {
		p.logf("%v", err)
		return
	}
	r := &run{root: root, modPath: modPath, texts: map[string]string{}, uris: map[string]string{}, flags: p.flags, build: p.build, config: p.opts.Config}
	versions := map[string]int{}
	dirs := map[string]bool{}
	for uri, d := range p.docs {
		if d.root != root {
			continue
		}
		dirs[filepath.Dir(d.path)] = true
		r.texts[d.path] = d.text
		r.uris[d.path] = uri
		versions[uri] = d.version
	}
	if len(dirs) == 0 {
		return
	}
	r.dirs = sortedKeys(dirs)
	m.seq++
	seq := m.seq
	ctx, cancel := context.WithCancel(p.ctx)
	m.cancel = cancel
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		defer cancel()
		p.analyze(ctx, m, seq, r, versions)
	}()
}

// analyze runs r and, unless a later run has started, publishes its
// findings.
func (p *Proxy) analyze(ctx context.Context, m *module, seq int, r *run, versions map[string]int) {
	tmp, err := os.MkdirTemp(p.tmp, "run")
	if err != nil {
		p.logf("%v", err)
		return
	}
	defer func() { _ = os.RemoveAll(tmp) }()

	prog := p.startProgress(ctx, r)
	start := time.Now()
	what := fmt.Sprintf("analysis %d of %s (%s)", seq, r.root, strings.Join(relDirs(r), " "))
	p.logf("%s started", what)
	res, err := r.vet(ctx, p.opts.Go, p.opts.VetTool, tmp)
	prog.end()
	if ctx.Err() != nil {
		p.logf("%s cancelled after %v", what, time.Since(start).Round(time.Millisecond))
		return
	}
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		p.logf("%s failed after %v: %v", what, took, err)
		p.runFailed(err.Error())
		return
	}
	if res.failure != "" {
		p.logf("go vet: %s", res.failure)
		if len(res.ok) == 0 && !strings.Contains(res.failure, "# ") {
			p.runFailed(res.failure)
		}
	}

	byDir := map[string][]finding{}
	for _, f := range res.findings {
		path, err := uriToPath(f.uri)
		if err != nil {
			continue
		}
		if v, ok := versions[f.uri]; ok {
			f.version = v
		} else {
			f.version = -1
		}
		dir := filepath.Dir(path)
		byDir[dir] = append(byDir[dir], f)
	}
	p.mu.Lock()
	if m.seq != seq || p.exiting {
		p.mu.Unlock()
		p.logf("%s superseded after %v", what, took)
		return // a later run's result wins
	}
	p.lastErr = ""
	var uris []string
	for _, dir := range res.ok {
		for _, f := range p.findings[dir] {
			uris = append(uris, f.uri)
		}
		for _, f := range byDir[dir] {
			uris = append(uris, f.uri)
		}
		p.findings[dir] = byDir[dir]
	}
	p.mu.Unlock()
	for _, u := range dedupe(uris) {
		p.publish(u)
	}
	p.logf("%s finished in %v: %d findings", what, took, len(res.findings))
}

// runFailed tells the user that go vet could not run, once per distinct
// error.
func (p *Proxy) runFailed(msg string) {
	p.mu.Lock()
	repeat := msg == p.lastErr
	p.lastErr = msg
	p.mu.Unlock()
	if !repeat {
		p.showError("tracewire-gopls: analysis failed: " + truncate(msg, 1000))
	}
}

func relDirs(r *run) []string {
	var out []string
	for _, d := range r.dirs {
		rel, err := filepath.Rel(r.root, d)
		if err != nil {
			rel = d
		}
		out = append(out, pattern(rel))
	}
	return out
}

func dedupe(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// goplsPublish records gopls's diagnostics for a document and publishes
// them merged with tracewire's.
func (p *Proxy) goplsPublish(m *message) {
	var params struct {
		URI         string            `json:"uri"`
		Version     json.RawMessage   `json:"version,omitempty"`
		Diagnostics []json.RawMessage `json:"diagnostics"`
	}
	if err := json.Unmarshal(m.Params, &params); err != nil {
		p.logf("from gopls: bad publishDiagnostics: %v", err)
		return
	}
	p.pubMu.Lock()
	defer p.pubMu.Unlock()
	p.mu.Lock()
	p.gopls[params.URI] = goplsDiags{version: params.Version, diagnostics: params.Diagnostics}
	p.mu.Unlock()
	p.publishPubLocked(params.URI)
}

// publish sends the editor the merged diagnostics of a document.
func (p *Proxy) publish(uri string) {
	p.pubMu.Lock()
	defer p.pubMu.Unlock()
	p.publishPubLocked(uri)
}

func (p *Proxy) publishPubLocked(uri string) {
	p.mu.Lock()
	g := p.gopls[uri]
	diags := make([]any, 0, len(g.diagnostics))
	for _, d := range g.diagnostics {
		diags = append(diags, d)
	}
	for _, fs := range p.findings {
		for _, f := range fs {
			if f.uri == uri {
				diags = append(diags, f.diag)
			}
		}
	}
	p.mu.Unlock()
	params := map[string]any{"uri": uri, "diagnostics": diags}
	if len(g.version) > 0 && string(g.version) != "null" {
		params["version"] = g.version
	}
	p.toClient(notification("textDocument/publishDiagnostics", params))
}

// codeActions adds tracewire's fixes for the requested range to gopls's
// code actions.
func (p *Proxy) codeActions(reqParams json.RawMessage, m *message, body []byte) []byte {
	if len(m.Error) > 0 {
		return body
	}
	var params struct {
		TextDocument struct {
			URI string `json:"uri"`
		} `json:"textDocument"`
		Range   lspRange `json:"range"`
		Context struct {
			Only []string `json:"only"`
		} `json:"context"`
	}
	if json.Unmarshal(reqParams, &params) != nil {
		return body
	}
	if len(params.Context.Only) > 0 && !slices.ContainsFunc(params.Context.Only, func(k string) bool { return k == "quickfix" || k == "" }) {
		return body
	}
	var actions []json.RawMessage
	if len(m.Result) > 0 && string(m.Result) != "null" {
		if json.Unmarshal(m.Result, &actions) != nil {
			return body
		}
	}
	uri := params.TextDocument.URI
	added := 0
	p.mu.Lock()
	if !p.literals {
		// The client takes only commands, and tracewire's fixes are
		// edits.
		p.mu.Unlock()
		return body
	}
	d, open := p.docs[uri]
	for _, dir := range sortedKeys(p.findings) {
		for _, f := range p.findings[dir] {
			if f.uri != uri || !f.diag.Range.overlaps(params.Range) {
				continue
			}
			if !open || f.version != d.version {
				continue // the text has changed since: the edits are stale
			}
			for _, fx := range f.fixes {
				actions = append(actions, marshal(map[string]any{
					"title":       fx.title,
					"kind":        "quickfix",
					"diagnostics": []diagnostic{f.diag},
					"isPreferred": true,
					"edit":        map[string]any{"changes": fx.edits},
				}))
				added++
			}
		}
	}
	p.mu.Unlock()
	if added == 0 {
		return body
	}
	m.Result = marshal(actions)
	return marshal(m)
}

// A progress is the work-done progress of one analysis: begun once it has
// run for ProgressDelay, if the client supports it.
type progress struct {
	p     *Proxy
	token string
	timer *time.Timer

	mu    sync.Mutex
	begun bool
	ended bool
}

func (p *Proxy) startProgress(ctx context.Context, r *run) *progress {
	pr := &progress{p: p}
	p.mu.Lock()
	supported := p.progress
	if supported {
		pr.token = p.newIDLocked() + "/progress"
	}
	p.mu.Unlock()
	if !supported {
		return pr
	}
	title := "tracewire"
	msg := "analyzing " + strings.Join(relDirs(r), " ")
	pr.timer = time.AfterFunc(p.opts.ProgressDelay, func() {
		if ctx.Err() != nil {
			return
		}
		p.mu.Lock()
		id := p.newIDLocked()
		p.ours[idKey(marshal(id))] = func(m *message) {
			pr.mu.Lock()
			defer pr.mu.Unlock()
			if len(m.Error) > 0 || pr.ended {
				return
			}
			pr.begun = true
			p.toClient(notification("$/progress", map[string]any{
				"token": pr.token,
				"value": map[string]any{"kind": "begin", "title": title, "message": msg},
			}))
		}
		p.mu.Unlock()
		p.toClient(request(id, "window/workDoneProgress/create", map[string]any{"token": pr.token}))
	})
	return pr
}

func (pr *progress) end() {
	if pr.timer == nil {
		return
	}
	pr.timer.Stop()
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.ended = true
	if pr.begun {
		pr.p.toClient(notification("$/progress", map[string]any{
			"token": pr.token,
			"value": map[string]any{"kind": "end", "message": "done"},
		}))
	}
}

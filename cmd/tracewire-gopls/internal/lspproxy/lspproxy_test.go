package lspproxy

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer"
)

func TestMapperUTF16(t *testing.T) {
	// "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 units.
	text := "package p\n\nvar s = \"é😀\" // x\n"
	m := newMapper(text)
	off := strings.Index(text, "//")
	p, err := m.position(off)
	if err != nil {
		t.Fatal(err)
	}
	if want := (position{Line: 2, Character: 14}); p != want { // var s = "é😀" is 9+1+2+1+1 units
		t.Errorf("position(%d) = %+v, want %+v", off, p, want)
	}
	back, err := m.offset(p)
	if err != nil || back != off {
		t.Errorf("offset(%+v) = %d, %v; want %d", p, back, err, off)
	}
	// go/token columns are 1-based byte columns.
	lc, err := m.lineColPosition(3, off-strings.Index(text, "var")+1)
	if err != nil || lc != p {
		t.Errorf("lineColPosition = %+v, %v; want %+v", lc, err, p)
	}
	// Past the end of a line means its end.
	if o, _ := m.offset(position{Line: 0, Character: 99}); o != len("package p") {
		t.Errorf("offset past the end of line 0 = %d", o)
	}
}

func TestApplyChanges(t *testing.T) {
	text := "a😀b\nsecond\n"
	got, err := applyChanges(text, []contentChange{
		{Range: &lspRange{Start: position{0, 1}, End: position{0, 3}}, Text: "X"}, // the emoji
		{Range: &lspRange{Start: position{1, 0}, End: position{1, 6}}, Text: "2nd"},
		{Range: &lspRange{Start: position{2, 0}, End: position{2, 0}}, Text: "third"},
	})
	if err != nil || got != "aXb\n2nd\nthird" {
		t.Errorf("applyChanges = %q, %v", got, err)
	}
	if got, _ := applyChanges(text, []contentChange{{Text: "whole"}}); got != "whole" {
		t.Errorf("full change = %q", got)
	}
	if _, err := applyChanges(text, []contentChange{{Range: &lspRange{Start: position{9, 0}, End: position{9, 1}}}}); err == nil {
		t.Error("a change past the end applied")
	}
}

func TestSettingsFlags(t *testing.T) {
	for _, c := range []struct {
		settings any
		flags    []string
		err      string
	}{
		{settings: nil},
		{settings: map[string]any{"producerinject": map[string]any{"strict": true}}, flags: []string{"-producerinject.strict=true"}},
		{settings: map[string]any{"producer-inject": map[string]any{"enabled": false}}, flags: []string{"-producerinject=false"}},
		{settings: map[string]any{"consumerextract": map[string]any{"enabled": true}}},
		{settings: map[string]any{"producerinject": map[string]any{"strct": true}}, err: `unknown setting "producerinject.strct"`},
		{settings: allDisabled(), err: "every analyzer is disabled"},
	} {
		flags, err := vetFlags(c.settings)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("vetFlags(%v): error %v, want %q", c.settings, err, c.err)
			}
			continue
		}
		if err != nil || !slices.Equal(flags, c.flags) {
			t.Errorf("vetFlags(%v) = %q, %v; want %q", c.settings, flags, err, c.flags)
		}
	}
	// Every option of every analyzer set to a value that is not its
	// default is a flag the vet tool's analyzer of that name has.
	byName := map[string]*analysis.Analyzer{}
	for _, a := range analyzer.Analyzers() {
		byName[a.Name] = a
	}
	for _, e := range analyzer.Suite() {
		for _, st := range e.Settings()[1:] {
			name, opt, _ := strings.Cut(st.Key, ".")
			flags, err := vetFlags(map[string]any{name: map[string]any{opt: st.Default != "true"}})
			want := fmt.Sprintf("-%s=%v", st.Key, st.Default != "true")
			if err != nil || !slices.Equal(flags, []string{want}) {
				t.Errorf("setting %s: flags %q, %v; want %s", st.Key, flags, err, want)
			}
			if byName[name].Flags.Lookup(opt) == nil {
				t.Errorf("setting %s: the vet tool has no flag -%s", st.Key, st.Key)
			}
		}
	}
}

// allDisabled turns every analyzer of the settings off.
func allDisabled() map[string]any {
	m := map[string]any{}
	for _, name := range analyzer.Names() {
		m[name] = map[string]any{"enabled": false}
	}
	return m
}

// In-house buses reach go vet through $TRACEWIRE_CONFIG, never from the
// editor's settings: go vet would cache results without regard to them.
func TestSettingsBuses(t *testing.T) {
	for _, settings := range []map[string]any{
		{"config": "/abs/tracewire.json"},
		{"buses": []any{map[string]any{"name": "acme", "messages": []any{map[string]any{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "records"}},
			"receives": []any{map[string]any{"func": "a/b.F"}}}}},
	} {
		_, err := vetFlags(settings)
		if err == nil || !strings.Contains(err.Error(), "start tracewire-gopls with -tracewire.config=FILE or $TRACEWIRE_CONFIG=FILE") {
			t.Errorf("vetFlags(%v): %v", settings, err)
		}
	}
}

// go vet runs with $TRACEWIRE_CONFIG naming the front's configuration,
// over gopls's env settings and the environment.
func TestVetEnv(t *testing.T) {
	r := &run{build: build{env: []string{"GOFLAGS=-tags=x", "TRACEWIRE_CONFIG=/from/gopls/env.json"}}, config: "/abs/tracewire.json"}
	env := r.env([]string{"HOME=/h", "TRACEWIRE_CONFIG=relative.json"})
	if got := lookupEnv(env, "TRACEWIRE_CONFIG"); got != "/abs/tracewire.json" {
		t.Errorf("TRACEWIRE_CONFIG=%q, want the front's", got)
	}
	if got := lookupEnv(env, "GOFLAGS"); got != "-tags=x" {
		t.Errorf("GOFLAGS=%q, want gopls's", got)
	}
	r.config = ""
	if got := lookupEnv(r.env([]string{"TRACEWIRE_CONFIG=/env.json"}), "TRACEWIRE_CONFIG"); got != "/from/gopls/env.json" {
		t.Errorf("without a configuration of the front: TRACEWIRE_CONFIG=%q, want gopls's env setting", got)
	}
}

// lookupEnv returns the value exec gives k in env: the last one.
func lookupEnv(env []string, k string) string {
	v := ""
	for _, kv := range env {
		if key, val, _ := strings.Cut(kv, "="); key == k {
			v = val
		}
	}
	return v
}

// The go command the proxy runs gets the configuration: a stand-in go
// records its environment.
func TestVetPassesConfig(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a shell script stands in for the go command")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "env")
	gocmd := filepath.Join(dir, "go")
	script := "#!/bin/sh\necho \"$TRACEWIRE_CONFIG\" > " + out + "\necho '{}'\n"
	if err := os.WriteFile(gocmd, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	r := &run{root: dir, modPath: "example.com/m", dirs: []string{dir}, config: "/abs/tracewire.json"}
	if _, err := r.vet(t.Context(), gocmd, "/bin/tool", dir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(data)); got != "/abs/tracewire.json" {
		t.Errorf("go vet ran with TRACEWIRE_CONFIG=%q, want /abs/tracewire.json", got)
	}
}

func TestFailedPackages(t *testing.T) {
	stderr := "# example.com/shop/orderapi\norderapi/bad.go:2:12: declared and not used: x\n# example.com/shop/orderapi_test [example.com/shop/orderapi.test]\n"
	got := failedPackages(stderr)
	if len(got) != 1 || !got["example.com/shop/orderapi"] {
		t.Errorf("failedPackages = %v", got)
	}
}

func TestReader(t *testing.T) {
	r := newReader(strings.NewReader("junk\r\n\r\n\r\nContent-Length: 2\r\n\r\n{}Content-Length: x\r\n\r\nContent-Length: 5\r\n\r\n{}"))
	var fe *frameError
	if _, err := r.read(); !errors.As(err, &fe) {
		t.Errorf("junk header: %v, want a frame error", err)
	}
	if b, err := r.read(); err != nil || string(b) != "{}" {
		t.Errorf("frame: %q, %v", b, err)
	}
	if _, err := r.read(); !errors.As(err, &fe) {
		t.Errorf("bad length: %v, want a frame error", err)
	}
	if _, err := r.read(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("short body: %v, want unexpected EOF", err)
	}
}

func TestPosn(t *testing.T) {
	file, line, col, err := splitPosn("/a:b/c.go:12:5")
	if err != nil || file != "/a:b/c.go" || line != 12 || col != 5 {
		t.Errorf("splitPosn = %q %d %d %v", file, line, col, err)
	}
	r := &run{texts: map[string]string{"/m/p/x.go": ""}}
	copyPath := "/tmp/other-session/run1/" + pathHash("/m/p/x.go") + "/x.go"
	if got := r.original(copyPath); got != "/m/p/x.go" {
		t.Errorf("original(%s) = %s", copyPath, got)
	}
	if got := r.original("/m/p/y.go"); got != "/m/p/y.go" {
		t.Errorf("original(y.go) = %s", got)
	}
}

func TestGoplsBuild(t *testing.T) {
	b, ok := goplsBuild([]byte(`{"buildFlags": ["-tags=integration"], "env": {"GOFLAGS": "-mod=vendor", "CGO_ENABLED": "0"}, "staticcheck": true}`))
	if !ok || !slices.Equal(b.flags, []string{"-tags=integration"}) || !slices.Equal(b.env, []string{"CGO_ENABLED=0", "GOFLAGS=-mod=vendor"}) {
		t.Errorf("goplsBuild = %+v, %v", b, ok)
	}
	if _, ok := goplsBuild([]byte(`{"staticcheck": true}`)); ok {
		t.Error("goplsBuild found build settings in an object without them")
	}
}

func TestShift(t *testing.T) {
	change := func(sl, sc, el, ec int, text string) contentChange {
		return contentChange{Range: &lspRange{Start: position{sl, sc}, End: position{el, ec}}, Text: text}
	}
	for _, c := range []struct {
		p      position
		change contentChange
		want   position
	}{
		{position{5, 3}, change(7, 0, 7, 0, "x\n"), position{5, 3}},    // before
		{position{5, 3}, change(2, 0, 2, 0, "a\nb\n"), position{7, 3}}, // lines inserted above
		{position{5, 3}, change(2, 0, 4, 0, ""), position{3, 3}},       // lines deleted above
		{position{5, 8}, change(5, 1, 5, 2, "xyz"), position{5, 10}},   // same line, before it
		{position{5, 8}, change(5, 1, 5, 2, "x\nyz"), position{6, 8}},  // a line break before it
		{position{5, 8}, change(5, 6, 5, 9, ""), position{5, 6}},       // inside the replaced range
		{position{5, 8}, change(4, 2, 5, 4, "Q"), position{4, 7}},      // joined lines
		{position{5, 8}, change(5, 8, 5, 8, "ins"), position{5, 8}},    // insertion at it
		{position{5, 8}, change(5, 2, 5, 2, "😀"), position{5, 10}},     // UTF-16 units
	} {
		if got := shift(c.p, c.change); got != c.want {
			t.Errorf("shift(%+v, %+v %q) = %+v, want %+v", c.p, *c.change.Range, c.change.Text, got, c.want)
		}
	}
}

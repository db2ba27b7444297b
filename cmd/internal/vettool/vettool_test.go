package vettool

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const busJSON = `{"buses": [{"name": "acme",
  "messages": [{"type": "example.com/acme/bus.Message", "direction": "both", "header_field": "Headers", "shape": "map-string"}],
  "sends": [{"func": "(*example.com/acme/bus.Client).Publish", "message_arg": 1}]}]}`

func tool(args []string, env map[string]string) *Tool {
	return newTool(args, flag.NewFlagSet("tracewire", flag.ContinueOnError), func(k string) string { return env[k] })
}

func TestFlagValue(t *testing.T) {
	for args, want := range map[string]string{
		"-config=a.json ./...":                  "a.json",
		"--config=a.json ./...":                 "a.json",
		"-config a.json -json ./...":            "a.json",
		"-json -c 3 ./...":                      "",
		"-config=a.json -config=b.json pkg.cfg": "b.json",
		"-- -config=a.json":                     "",
	} {
		if got := flagValue(strings.Fields(args)); got != want {
			t.Errorf("flagValue(%s) = %q, want %q", args, got, want)
		}
	}
}

// The ID covers the executable and the configuration's content: it is the
// drivers' without one, and changes when the file's content does, not
// when only its spelling does.
func TestID(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "tracewire")
	if err := os.WriteFile(exe, []byte("binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "bus.json")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(cfg, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	id := func(env map[string]string) string {
		t.Helper()
		tl := tool([]string{"-V=full"}, env)
		tl.wd = func() (string, error) { return dir, nil } // no go.mod above
		s, err := tl.ID(exe)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	plain := id(nil)
	if want := fmt.Sprintf("%02x", sha256.Sum256([]byte("binary"))); plain != want {
		t.Errorf("ID without a configuration = %q, want the executable's hash %q, as x/tools' drivers print it", plain, want)
	}
	write(busJSON)
	env := map[string]string{ConfigEnv: cfg}
	first := id(env)
	if first == plain {
		t.Errorf("the configuration does not change the ID")
	}
	write(strings.ReplaceAll(busJSON, "\n", "\n\n  "))
	if got := id(env); got != first {
		t.Errorf("white space changed the ID")
	}
	write(strings.Replace(busJSON, `"message_arg": 1`, `"message_arg": 0`, 1))
	if got := id(env); got == first {
		t.Errorf("a changed configuration kept the ID")
	}
	if err := os.WriteFile(exe, []byte("binary 2"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := id(nil); got == plain {
		t.Errorf("a changed executable kept the ID")
	}
}

func TestIntercept(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	other := filepath.Join(dir, "other.json")
	for name, s := range map[string]string{good: busJSON, other: busJSON, bad: `{"buses": [{"name": "acme", "sends": [{"fnuc": "x"}]}]}`} {
		if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
		code int
		done bool
		out  string // in stdout
		err  string // in stderr
	}{
		{name: "version", args: []string{"-V=full"}, code: 0, done: true, out: " version devel comments-go-here buildID="},
		{name: "version with a configuration", args: []string{"-V=full"}, env: map[string]string{ConfigEnv: good}, code: 0, done: true, out: "buildID="},
		{name: "version, bad configuration", args: []string{"-V=full"}, env: map[string]string{ConfigEnv: bad}, code: 1, done: true,
			err: `TRACEWIRE_CONFIG: ` + bad + `: buses[0] "acme": sends[0]: unknown key "fnuc"`},
		{name: "version, relative", args: []string{"-V=full"}, env: map[string]string{ConfigEnv: "bus.json"}, code: 1, done: true,
			err: "TRACEWIRE_CONFIG=bus.json is a relative path: go vet and go fix run the tool in each package's directory"},
		{name: "vet", args: []string{"-json", "/tmp/b001/vet.cfg"}, env: map[string]string{ConfigEnv: good}},
		{name: "vet, -config the same file", args: []string{"-config=" + good, "/tmp/b001/vet.cfg"}, env: map[string]string{ConfigEnv: good}},
		{name: "vet, -config", args: []string{"-config=" + good, "/tmp/b001/vet.cfg"}, code: 1, done: true,
			err: "-config=" + good + ": under go vet and go fix, name the bus configuration with TRACEWIRE_CONFIG=/absolute/path instead: the go command caches results by the tool's ID and flags, not by the contents of the file a flag names"},
		{name: "vet, -config another file", args: []string{"-config", other, "/tmp/b001/vet.cfg"}, env: map[string]string{ConfigEnv: good}, code: 1, done: true,
			err: "under go vet and go fix, name the bus configuration with TRACEWIRE_CONFIG"},
		{name: "standalone", args: []string{"-config=" + good, "./..."}},
		{name: "standalone, bad", args: []string{"-config=" + bad, "./..."}, env: map[string]string{ConfigEnv: good}, code: 1, done: true,
			err: bad + `: buses[0] "acme": sends[0]: unknown key "fnuc"`},
		{name: "standalone, bad environment", args: []string{"./..."}, env: map[string]string{ConfigEnv: bad}, code: 1, done: true, err: `unknown key "fnuc"`},
		{name: "standalone, missing", args: []string{"-config=" + filepath.Join(dir, "missing.json"), "./..."}, code: 1, done: true, err: "missing.json"},
		{name: "flags", args: []string{"-flags"}, env: map[string]string{ConfigEnv: bad}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code, done := tool(c.args, c.env).Intercept(&stdout, &stderr)
			if code != c.code || done != c.done {
				t.Errorf("Intercept = %d, %v; want %d, %v (stderr %q)", code, done, c.code, c.done, stderr.String())
			}
			if !strings.Contains(stdout.String(), c.out) || (c.out == "" && stdout.Len() > 0) {
				t.Errorf("stdout %q, want %q", stdout.String(), c.out)
			}
			if !strings.Contains(stderr.String(), c.err) || (c.err == "" && stderr.Len() > 0) {
				t.Errorf("stderr %q, want %q", stderr.String(), c.err)
			}
		})
	}
}

// The analyzers read the configuration the flag names when they first
// run, after the driver parsed the flags; the flag wins over the
// environment.
func TestBuses(t *testing.T) {
	fs := flag.NewFlagSet("tracewire", flag.ContinueOnError)
	tl := newTool([]string{"-config=flag.json", "./..."}, fs, func(string) string { return "env.json" })
	if path, err := tl.resolve(*tl.config); err != nil || path != "env.json" {
		t.Errorf("before the flags are parsed: %q, %v; want env.json", path, err)
	}
	if err := fs.Parse([]string{"-config=flag.json", "./..."}); err != nil {
		t.Fatal(err)
	}
	if path, err := tl.resolve(*tl.config); err != nil || path != "flag.json" {
		t.Errorf("after: %q, %v; want flag.json", path, err)
	}
	if tl.Buses() == nil || len(tl.Analyzers()) == 0 {
		t.Errorf("no analyzers")
	}
}

package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseArgs(t *testing.T) {
	for _, c := range []struct {
		args         []string
		own, gopls   []string
		sub          string
		help, listen bool
	}{
		{args: nil},
		{args: []string{"serve"}, gopls: []string{"serve"}, sub: "serve"},
		{args: []string{"-tracewire.gopls", "/x/gopls", "-rpc.trace", "serve", "-logfile", "f"}, own: []string{"-tracewire.gopls", "/x/gopls"}, gopls: []string{"-rpc.trace", "serve", "-logfile", "f"}, sub: "serve"},
		{args: []string{"-remote", "auto", "version"}, gopls: []string{"-remote", "auto", "version"}, sub: "version"},
		{args: []string{"-v", "version"}, gopls: []string{"-v", "version"}, sub: "version"},
		{args: []string{"-tracewire.debounce=1s", "-listen=:37374"}, own: []string{"-tracewire.debounce=1s"}, gopls: []string{"-listen=:37374"}, listen: true},
		{args: []string{"-h"}, gopls: []string{"-h"}, help: true},
		{args: []string{"check", "-h"}, gopls: []string{"check", "-h"}, sub: "check"},
		{args: []string{"-tracewire.config", "bus.json", "serve"}, own: []string{"-tracewire.config", "bus.json"}, gopls: []string{"serve"}, sub: "serve"},
	} {
		own, gopls, sub, help, listen := parseArgs(c.args)
		if !slices.Equal(own, c.own) || !slices.Equal(gopls, c.gopls) || sub != c.sub || help != c.help || listen != c.listen {
			t.Errorf("parseArgs(%q) = %q %q %q %v %v; want %q %q %q %v %v", c.args, own, gopls, sub, help, listen, c.own, c.gopls, c.sub, c.help, c.listen)
		}
	}
}

func TestIsVetTool(t *testing.T) {
	for args, want := range map[string]bool{
		"-V=full": true,
		"-flags":  true,
		"-json -producerinject.strict=true /tmp/b001/vet.cfg": true,
		"serve":      false,
		"":           false,
		"-v version": false,
	} {
		if got := isVetTool(splitArgs(args)); got != want {
			t.Errorf("isVetTool(%q) = %v", args, got)
		}
	}
}

func splitArgs(s string) []string { return strings.Fields(s) }

// The bus configuration of the front: the flag's, else the environment's,
// made absolute (go vet runs the tool in each package's directory).
func TestBusConfig(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ flag, env, want string }{
		{"", "", ""},
		{"bus.json", "", filepath.Join(wd, "bus.json")},
		{"", "/etc/bus.json", "/etc/bus.json"},
		{"/a/flag.json", "/b/env.json", "/a/flag.json"},
		{"", "rel/env.json", filepath.Join(wd, "rel", "env.json")},
	} {
		got, err := busConfig(c.flag, c.env)
		if err != nil || got != c.want {
			t.Errorf("busConfig(%q, %q) = %q, %v; want %q", c.flag, c.env, got, err, c.want)
		}
	}
}

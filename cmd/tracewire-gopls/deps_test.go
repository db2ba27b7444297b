package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The gopls front reads its settings through the suite's schema
// (analyzer.DecodeSettings), not through the golangci-lint plugin: it
// links neither plugin/ nor golangci-lint's registry, whose init registers
// a linter.
func TestNoPluginDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/golangci/plugin-module-register") || pkg == "github.com/tracewire/tracewire/plugin" {
			t.Errorf("tracewire-gopls links %s", pkg)
		}
	}
}

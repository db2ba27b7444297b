// Command tracewire-gopls is gopls with tracewire inside: a language server
// that runs the real gopls behind it and adds tracewire's findings to
// gopls's diagnostics, and tracewire's suggested fixes to its code actions.
// Point an editor at it instead of gopls (see docs/editors.md).
//
// Serving (no arguments, serve, and gopls's serving flags) runs the proxy;
// every other gopls subcommand (version, help, ...) runs the real gopls.
// The real gopls is the one named by -tracewire.gopls or $TRACEWIRE_GOPLS,
// else the first gopls on PATH that is not this binary.
//
// tracewire-gopls is also its own go vet tool: go vet -vettool runs it with
// -V=full, -flags or a .cfg file, and it then behaves as the tracewire
// command does, with the same analyzers.
package main

import (
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/tracewire/tracewire/analyzer"
)

func main() {
	if isVetTool(os.Args[1:]) {
		multichecker.Main(analyzer.Analyzers()...)
		return
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

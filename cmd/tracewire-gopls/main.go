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
// command does, with the same analyzers and the in-house bus configuration
// $TRACEWIRE_CONFIG names (which -V=full's ID covers). Serving, it runs go
// vet with $TRACEWIRE_CONFIG set to the file -tracewire.config or its own
// $TRACEWIRE_CONFIG names, by its absolute path.
package main

import (
	"flag"
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/tracewire/tracewire/cmd/internal/vettool"
	"github.com/tracewire/tracewire/cmd/tracewire-gopls/internal/lspproxy"
)

func main() {
	if isVetTool(os.Args[1:]) {
		tool := vettool.New(os.Args[1:])
		// Only its presence matters: go vet caches results by the tool's
		// flags, so the runs of the editor front (which name open files by
		// their -overlay copies) and other runs are cached apart.
		flag.Bool(lspproxy.EditorFlag, false, "set by tracewire-gopls in its own go vet runs, which go vet caches apart from others")
		if code, done := tool.Intercept(os.Stdout, os.Stderr); done {
			os.Exit(code)
		}
		multichecker.Main(tool.Analyzers()...)
		return
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

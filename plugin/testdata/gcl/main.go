// Command golangci-lint is golangci-lint v2.15.0 with the tracewire module
// plugin compiled in (plugins.go): the binary `golangci-lint custom` builds
// from the repository's .custom-gcl.yml, made here without cloning
// golangci-lint from GitHub. The e2e test builds it.
package main

import (
	"fmt"
	"os"
	"runtime"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"
)

// Set with -ldflags -X, as golangci-lint custom does. golangci-lint salts
// its analysis cache with the version: the e2e test puts the hash of the
// plugin's sources in it.
var (
	version = "v2.15.0-custom-gcl"
	date    = "(unknown)"
)

func main() {
	info := commands.BuildInfo{
		Version:   version,
		Commit:    "(tracewire e2e)",
		Date:      date,
		GoVersion: runtime.Version(),
	}
	if err := commands.Execute(info); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}

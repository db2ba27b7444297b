// Command tracewire finds broken trace-context propagation at Kafka
// boundaries. It is a go vet tool (go vet -vettool=$(which tracewire)), a
// go fix tool (go fix -fixtool=$(which tracewire)), and a standalone
// checker (tracewire [-fix] [-diff] [-json] ./...).
//
// Everything runs through x/tools' multichecker, except a standalone -fix:
// fixcheck runs the driver to apply the fixes, then again to report the
// findings that were not fixed (see package fixcheck).
package main

import (
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/tracewire/tracewire/analyzer"
	"github.com/tracewire/tracewire/cmd/tracewire/internal/fixcheck"
)

func main() {
	if code, ok := fixcheck.Main(analyzer.Analyzers()); ok {
		os.Exit(code)
	}
	multichecker.Main(analyzer.Analyzers()...)
}

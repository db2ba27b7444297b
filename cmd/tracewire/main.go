// Command tracewire finds broken trace-context propagation at Kafka
// boundaries. It is a go vet tool (go vet -vettool=$(which tracewire)), a
// go fix tool (go fix -fixtool=$(which tracewire)), and a standalone
// checker (tracewire [-fix] [-diff] [-json] [-config=FILE] ./...).
// `tracewire map ./...` prints the propagation map (package tracemap).
//
// Everything runs through x/tools' multichecker, except a standalone -fix:
// fixcheck runs the driver to apply the fixes, then again to report the
// findings that were not fixed (see package fixcheck). In-house buses are
// declared in a configuration (docs/buses.md) that -config or
// $TRACEWIRE_CONFIG names; under go vet and go fix only $TRACEWIRE_CONFIG,
// which the tool's -V=full ID covers (see package vettool).
package main

import (
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/tracewire/tracewire/cmd/internal/vettool"
	"github.com/tracewire/tracewire/cmd/tracewire/internal/fixcheck"
	"github.com/tracewire/tracewire/cmd/tracewire/internal/tracemap"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "map" {
		os.Exit(tracemap.Main(filepath.Base(os.Args[0]), os.Args[2:], os.Stdout, os.Stderr))
	}
	tool := vettool.New(os.Args[1:])
	if code, done := tool.Intercept(os.Stdout, os.Stderr); done {
		os.Exit(code)
	}
	analyzers := tool.Analyzers()
	if code, ok := fixcheck.Main(analyzers); ok {
		os.Exit(code)
	}
	multichecker.Main(analyzers...)
}

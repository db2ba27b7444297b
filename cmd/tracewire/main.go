// Command tracewire finds broken trace-context propagation at Kafka
// boundaries. It is a go vet tool (go vet -vettool=$(which tracewire)), a
// go fix tool (go fix -fixtool=$(which tracewire)), and a standalone
// checker (tracewire [-fix] [-diff] [-json] ./...).
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/tracewire/tracewire/analyzer"
)

func main() { multichecker.Main(analyzer.Analyzers()...) }

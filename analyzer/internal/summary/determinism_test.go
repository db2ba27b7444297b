package summary_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tracewire/tracewire/analyzer/internal/summary"
)

// TestFactsDeterministic runs the fact analyzer twice over the
// cross-package chain and its users, with the SSA form, and checks that
// every run exports the same facts with the same gob bytes: go vet and
// golangci-lint key their caches on those bytes.
func TestFactsDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("loads testdata/mod")
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "testdata", "mod"))
	if err != nil {
		t.Fatal(err)
	}
	var first string
	for run := range 2 {
		cfg := &packages.Config{
			Mode: packages.LoadAllSyntax,
			Dir:  dir,
			Env:  append(os.Environ(), "GOPROXY=off", "GOWORK=off"),
		}
		pkgs, err := packages.Load(cfg, "example.com/tw/xpkg/...", "example.com/tw/producer/order", "example.com/tw/consumer/orderc")
		if err != nil {
			t.Fatal(err)
		}
		if packages.PrintErrors(pkgs) > 0 {
			t.Fatal("testdata/mod does not load; run scripts/test.sh to download its modules")
		}
		g, err := checker.Analyze([]*analysis.Analyzer{summary.Analyzer}, pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for act := range g.All() {
			if act.Analyzer != summary.Analyzer {
				continue
			}
			for _, of := range act.AllObjectFacts() {
				if of.Object.Pkg() == nil || of.Object.Pkg() != act.Package.Types {
					continue
				}
				var b bytes.Buffer
				if err := gob.NewEncoder(&b).Encode(of.Fact); err != nil {
					t.Fatal(err)
				}
				lines = append(lines, fmt.Sprintf("%s.%s %T %x", act.Package.PkgPath, of.Object.Name(), of.Fact, b.Bytes()))
			}
		}
		sort.Strings(lines)
		got := fmt.Sprint(lines)
		if len(lines) == 0 {
			t.Fatal("no facts exported")
		}
		if run == 0 {
			first = got
		} else if got != first {
			t.Fatalf("run %d exported other facts or bytes than run 0:\n%s\nvs\n%s", run, got, first)
		}
	}
}

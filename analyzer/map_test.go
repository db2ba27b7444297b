package analyzer_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tracewire/tracewire/analyzer"
)

// mapReporter reports every site of the map's site analyzer sites as a
// diagnostic, "producer SYSTEM DEST", "consumer SYSTEM DEST keys=...",
// "subscription SYSTEM DEST keys=...", for // want to assert.
func mapReporter(sites *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       "mapsites",
		Doc:        "reports the propagation map's sites",
		Requires:   []*analysis.Analyzer{sites},
		ResultType: reflect.TypeOf(0),
		Run: func(pass *analysis.Pass) (any, error) {
			res := pass.ResultOf[sites].(*analyzer.MapSites)
			for _, p := range res.Producers {
				pass.Reportf(p.Pos, "producer %s %s", p.System, destString(p.Dest))
			}
			for _, c := range res.Consumers {
				pass.Reportf(c.Pos, "consumer %s %s%s", c.System, destString(c.Dest), keyString(c.Keys))
			}
			for _, s := range res.Subscriptions {
				pass.Reportf(s.Pos, "subscription %s %s%s", s.System, destString(s.Dest), keyString(s.Keys))
			}
			return 0, nil
		},
	}
}

func destString(d analyzer.MapDest) string {
	switch {
	case len(d.Names) > 0:
		return strings.Join(d.Names, ",")
	case d.Param != nil:
		fn := d.Param.Func
		if i := strings.LastIndex(fn, "/"); i >= 0 {
			fn = fn[i+1:]
		}
		return fmt.Sprintf("param:%s#%d", fn, d.Param.Index)
	}
	return "(dynamic) " + d.Expr
}

// keyString spells the keys joining consumers to subscriptions, without
// the positions of variables, fields and literals.
func keyString(keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	var out []string
	for _, k := range keys {
		kind, rest, _ := strings.Cut(k, ":")
		switch kind {
		case "var", "field", "lit":
			out = append(out, kind+":")
		default:
			out = append(out, kind+":"+rest)
		}
	}
	return " keys=" + strings.Join(out, ",")
}

// TestMapDestinations checks how the map resolves destinations
// (constants, concatenation, written and initialised fields, parameters,
// dynamic names; topics, subjects, exchanges and routing keys, queues,
// an in-house bus's topic field and argument) on the testdata modules.
func TestMapDestinations(t *testing.T) {
	for _, tc := range []struct {
		mod, config string
	}{
		{"mod", ""},
		{"brokers", ""},
		{"inhouse", "tracewire.json"},
	} {
		t.Run(tc.mod, func(t *testing.T) {
			dir := filepath.Join("..", "testdata", tc.mod)
			var cfg analyzer.Config
			if tc.config != "" {
				b, err := analyzer.LoadBuses(filepath.Join(dir, tc.config))
				if err != nil {
					t.Fatal(err)
				}
				cfg.Buses = b
			}
			b := analyzer.BuildMap(cfg)
			analysistest.Run(t, dir, mapReporter(b.Sites), "./mapdest")
		})
	}
}

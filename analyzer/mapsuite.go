package analyzer

import (
	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer/internal/check"
	"github.com/tracewire/tracewire/analyzer/internal/sitemap"
	"github.com/tracewire/tracewire/analyzer/internal/summary"
	"github.com/tracewire/tracewire/analyzer/producerinject"
)

// The propagation map's view of a package (tracewire map): its send and
// receive sites, subscriptions and calls, with destinations resolved.
type (
	MapSites        = sitemap.Result
	MapSite         = sitemap.Site
	MapDest         = sitemap.Dest
	MapSubscription = sitemap.Subscription
	MapCall         = sitemap.Call
	MapArg          = sitemap.Arg
	MapParam        = sitemap.ParamRef
)

// A MapBuild is the analyzers of one map run, sharing one fact analyzer:
// the suite (as Build makes it), a strict producerinject, and the map's
// site analyzer, whose result is a *MapSites per package.
type MapBuild struct {
	// Suite are the analyzers whose findings are the map's verdicts.
	Suite []*analysis.Analyzer
	// Strict is producerinject with -strict: a send only it reports has
	// no context to propagate.
	Strict *analysis.Analyzer
	// Sites lists the sites.
	Sites *analysis.Analyzer
}

// All returns every analyzer of the build, to run together.
func (b MapBuild) All() []*analysis.Analyzer {
	return append(append(append([]*analysis.Analyzer(nil), b.Suite...), b.Strict), b.Sites)
}

// BuildMap returns the analyzers of a map run for cfg.
func BuildMap(cfg Config) MapBuild {
	facts := summary.New(cfg.Buses.source())
	var b MapBuild
	for _, e := range Suite() {
		if e.Default {
			b.Suite = append(b.Suite, e.build(cfg, check.Facts(facts)))
		}
	}
	strict := cfg.ProducerInject
	strict.Strict = true
	b.Strict = producerinject.New(strict, check.Facts(facts))
	b.Sites = sitemap.New(facts)
	return b
}

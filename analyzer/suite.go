// Package analyzer is tracewire's registry: every analyzer, whether it runs
// by default, and whether it offers fixes.
package analyzer

import (
	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer/carriercheck"
	"github.com/tracewire/tracewire/analyzer/consumerextract"
	"github.com/tracewire/tracewire/analyzer/internal/check"
	"github.com/tracewire/tracewire/analyzer/internal/option"
	"github.com/tracewire/tracewire/analyzer/internal/summary"
	"github.com/tracewire/tracewire/analyzer/producerinject"
	"github.com/tracewire/tracewire/analyzer/propagatorunset"
	"github.com/tracewire/tracewire/analyzer/staleinject"
)

// An Entry describes one analyzer of the suite.
type Entry struct {
	// Analyzer is the package-level instance, configured by command-line
	// flags (go vet, go fix, standalone, nogo).
	Analyzer *analysis.Analyzer
	// Default reports whether the analyzer runs unless disabled.
	Default bool
	// Autofix reports whether its diagnostics carry suggested fixes.
	Autofix bool
	// build returns a fresh instance for a configuration, requiring the
	// fact analyzer of its build.
	build func(Config, ...check.Option) *analysis.Analyzer
	// options returns the options of the analyzer's part of c, bound to
	// it (the analyzer's Config.Options).
	options func(c *Config) []option.Option
}

// Config configures every analyzer of the suite; its zero value is the
// default configuration.
type Config struct {
	ProducerInject  producerinject.Config
	ConsumerExtract consumerextract.Config
	PropagatorUnset propagatorunset.Config
	StaleInject     staleinject.Config
	CarrierCheck    carriercheck.Config
	// Buses declares in-house message buses (docs/buses.md); nil declares
	// none. Every analyzer of a build shares one fact analyzer, which
	// loads the configuration once, when it first runs.
	Buses *Buses
}

// Suite lists tracewire's analyzers.
func Suite() []Entry {
	return []Entry{
		{
			Analyzer: producerinject.Analyzer, Default: true, Autofix: true,
			build: func(c Config, o ...check.Option) *analysis.Analyzer {
				return producerinject.New(c.ProducerInject, o...)
			},
			options: func(c *Config) []option.Option { return c.ProducerInject.Options() },
		},
		{
			Analyzer: consumerextract.Analyzer, Default: true, Autofix: true,
			build: func(c Config, o ...check.Option) *analysis.Analyzer {
				return consumerextract.New(c.ConsumerExtract, o...)
			},
			options: func(c *Config) []option.Option { return c.ConsumerExtract.Options() },
		},
		{
			Analyzer: propagatorunset.Analyzer, Default: true, Autofix: true,
			build: func(c Config, o ...check.Option) *analysis.Analyzer {
				return propagatorunset.New(c.PropagatorUnset, o...)
			},
			options: func(c *Config) []option.Option { return c.PropagatorUnset.Options() },
		},
		{
			Analyzer: staleinject.Analyzer, Default: true, Autofix: true,
			build:   func(c Config, o ...check.Option) *analysis.Analyzer { return staleinject.New(c.StaleInject, o...) },
			options: func(c *Config) []option.Option { return c.StaleInject.Options() },
		},
		{
			Analyzer: carriercheck.Analyzer, Default: true, Autofix: true,
			build:   func(c Config, o ...check.Option) *analysis.Analyzer { return carriercheck.New(c.CarrierCheck, o...) },
			options: func(c *Config) []option.Option { return c.CarrierCheck.Options() },
		},
	}
}

// Analyzers returns the package-level analyzers that run by default.
func Analyzers() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, e := range Suite() {
		if e.Default {
			out = append(out, e.Analyzer)
		}
	}
	return out
}

// Build returns fresh analyzers for cfg, sharing no state with any other
// build. They require one fact analyzer of their own, whose table is the
// built-in one extended with cfg.Buses: the analyzers of two builds must
// not run together (their fact analyzers declare the same fact types).
// enabled overrides, by analyzer name, whether an analyzer runs; analyzers
// it does not name run when they are on by default.
func Build(cfg Config, enabled map[string]bool) []*analysis.Analyzer {
	facts := summary.New(cfg.Buses.source())
	var out []*analysis.Analyzer
	for _, e := range Suite() {
		on, ok := enabled[e.Analyzer.Name]
		if !ok {
			on = e.Default
		}
		if on {
			out = append(out, e.build(cfg, check.Facts(facts)))
		}
	}
	return out
}

// Names returns the names of all analyzers of the suite.
func Names() []string {
	var names []string
	for _, e := range Suite() {
		names = append(names, e.Analyzer.Name)
	}
	return names
}

// Package plugin makes tracewire a golangci-lint v2 module plugin.
//
// A golangci-lint built with this package imported (golangci-lint custom,
// see .custom-gcl.yml) has a linter named tracewire. Its settings, under
// linters.settings.custom.tracewire.settings in .golangci.yml, turn each
// analyzer on or off and set its options:
//
//	producerinject:
//	  enabled: true
//	  strict: false
//	consumerextract:
//	  enabled: true
//	propagatorunset:
//	  enabled: true
//	staleinject:
//	  enabled: true
//	carriercheck:
//	  enabled: true
//
// and declare in-house message buses (docs/buses.md), inline or in a JSON
// file, or both:
//
//	buses:
//	  - name: acme
//	    messages: [{type: example.com/acme/bus.Message, direction: both, header_field: Headers, shape: map-string}]
//	    sends: [{func: "(*example.com/acme/bus.Client).Publish", message_arg: 1}]
//	config: tracewire.json
//
// Inline is preferred: golangci-lint's cache covers .golangci.yml, not the
// contents of a file it names (after editing that file, run golangci-lint
// cache clean).
//
// Every instance of the plugin builds its own analyzers (analyzer.Build):
// instances with different settings do not affect each other or the
// package-level analyzers and their flags.
//
// See docs/golangci-lint.md.
package plugin

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer"
)

// Name is the name of the linter in golangci-lint: the key under
// linters.settings.custom, in linters.enable and in //nolint comments.
const Name = "tracewire"

func init() {
	register.Plugin(Name, New)
}

// Plugin is one configured instance of the tracewire linter.
type Plugin struct {
	cfg     analyzer.Config
	enabled map[string]bool
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New returns a plugin for the settings golangci-lint passes (the value
// of linters.settings.custom.tracewire.settings, nil when it is absent).
// The settings are the suite's (analyzer.DecodeSettings: keys match
// without regard to case, '-' and '_'); unknown keys and values of the
// wrong type are errors that name the setting. The file config names is
// read relative to the directory golangci-lint runs in; its buses add to
// the inline ones.
func New(conf any) (register.LinterPlugin, error) {
	raw, err := register.DecodeSettings[any](conf)
	if err != nil {
		return nil, fmt.Errorf("%s: settings: %w", Name, err)
	}
	s, err := analyzer.DecodeSettings(raw)
	if err != nil {
		return nil, err
	}
	if s.BusesFile != "" {
		f, err := analyzer.LoadBuses(s.BusesFile)
		if err != nil {
			return nil, fmt.Errorf("%s: setting \"config\": %w", Name, err)
		}
		if s.Config.Buses, err = s.Config.Buses.Merge(f); err != nil {
			return nil, fmt.Errorf("%s: settings buses and config: %w", Name, err)
		}
	}
	if !s.Runs() {
		return nil, fmt.Errorf("%s: every analyzer is disabled; remove %s from the enabled linters instead", Name, Name)
	}
	return &Plugin{cfg: s.Config, enabled: s.Enabled}, nil
}

// BuildAnalyzers returns analyzers built afresh for the plugin's settings;
// they share no state with those of any other call or instance.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return analyzer.Build(p.cfg, p.enabled), nil
}

// GetLoadMode reports that the analyzers need type information.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

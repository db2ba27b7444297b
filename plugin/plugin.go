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
	"reflect"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer"
	"github.com/tracewire/tracewire/analyzer/carriercheck"
	"github.com/tracewire/tracewire/analyzer/consumerextract"
	"github.com/tracewire/tracewire/analyzer/producerinject"
	"github.com/tracewire/tracewire/analyzer/propagatorunset"
	"github.com/tracewire/tracewire/analyzer/staleinject"
)

// Name is the name of the linter in golangci-lint: the key under
// linters.settings.custom, in linters.enable and in //nolint comments.
const Name = "tracewire"

func init() {
	register.Plugin(Name, New)
}

// Settings is the plugin's configuration. Its zero value is the default:
// every analyzer that is on by default runs with its default options.
//
// Keys are matched without regard to case, '-' or '_' (golangci-lint
// lowercases them), so producerinject, producer-inject and producerInject
// name the same analyzer. A key that names nothing is an error.
//
// The fields of struct type are the analyzers' settings; Buses and Config
// declare in-house buses.
type Settings struct {
	ProducerInject  ProducerInjectSettings  `json:"producerinject"`
	ConsumerExtract ConsumerExtractSettings `json:"consumerextract"`
	PropagatorUnset PropagatorUnsetSettings `json:"propagatorunset"`
	StaleInject     StaleInjectSettings     `json:"staleinject"`
	CarrierCheck    CarrierCheckSettings    `json:"carriercheck"`
	// Buses declares in-house buses inline: the list of the configuration
	// schema's "buses" (docs/buses.md), decoded as strictly (keys match
	// without regard to case, '-' and '_').
	Buses []any `json:"buses,omitempty"`
	// Config names a JSON file of in-house buses, read when the plugin is
	// made (relative to the directory golangci-lint runs in). Its buses
	// add to those of Buses.
	Config string `json:"config,omitempty"`
}

// ProducerInjectSettings configures the producerinject analyzer.
type ProducerInjectSettings struct {
	// Enabled turns the analyzer on or off; unset, it runs (it is on by
	// default).
	Enabled *bool `json:"enabled,omitempty"`
	// Strict reports every send without injection, even when no context
	// is at hand or the package does not use OpenTelemetry
	// (producerinject.Config.Strict).
	Strict bool `json:"strict,omitempty"`
}

// ConsumerExtractSettings configures the consumerextract analyzer. It has
// no options yet.
type ConsumerExtractSettings struct {
	// Enabled turns the analyzer on or off; unset, it runs (it is on by
	// default).
	Enabled *bool `json:"enabled,omitempty"`
}

// PropagatorUnsetSettings configures the propagatorunset analyzer. It has
// no options yet.
type PropagatorUnsetSettings struct {
	// Enabled turns the analyzer on or off; unset, it runs (it is on by
	// default).
	Enabled *bool `json:"enabled,omitempty"`
}

// StaleInjectSettings configures the staleinject analyzer. It has no
// options yet.
type StaleInjectSettings struct {
	// Enabled turns the analyzer on or off; unset, it runs (it is on by
	// default).
	Enabled *bool `json:"enabled,omitempty"`
}

// CarrierCheckSettings configures the carriercheck analyzer. It has no
// options yet.
type CarrierCheckSettings struct {
	// Enabled turns the analyzer on or off; unset, it runs (it is on by
	// default).
	Enabled *bool `json:"enabled,omitempty"`
}

// busesOrigin names the settings in errors of the bus configuration.
const busesOrigin = Name + ": settings"

// Plugin is one configured instance of the tracewire linter.
type Plugin struct {
	cfg     analyzer.Config
	enabled map[string]bool
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New returns a plugin for the settings golangci-lint passes (the value
// of linters.settings.custom.tracewire.settings, nil when it is absent).
// Unknown keys and values of the wrong type are errors that name the
// setting.
func New(conf any) (register.LinterPlugin, error) {
	s, err := DecodeSettings(conf)
	if err != nil {
		return nil, err
	}
	return newPlugin(s)
}

func newPlugin(s Settings) (*Plugin, error) {
	p := &Plugin{
		cfg: analyzer.Config{
			ProducerInject:  producerinject.Config{Strict: s.ProducerInject.Strict},
			ConsumerExtract: consumerextract.Config{},
			PropagatorUnset: propagatorunset.Config{},
			StaleInject:     staleinject.Config{},
			CarrierCheck:    carriercheck.Config{},
		},
		enabled: map[string]bool{},
	}
	setEnabled(p.enabled, producerinject.Name, s.ProducerInject.Enabled)
	setEnabled(p.enabled, consumerextract.Name, s.ConsumerExtract.Enabled)
	setEnabled(p.enabled, propagatorunset.Name, s.PropagatorUnset.Enabled)
	setEnabled(p.enabled, staleinject.Name, s.StaleInject.Enabled)
	setEnabled(p.enabled, carriercheck.Name, s.CarrierCheck.Enabled)
	b, err := buses(s)
	if err != nil {
		return nil, err
	}
	p.cfg.Buses = b
	if len(analyzer.Build(p.cfg, p.enabled)) == 0 {
		return nil, fmt.Errorf("%s: every analyzer is disabled; remove %s from the enabled linters instead", Name, Name)
	}
	return p, nil
}

// buses returns the in-house buses of the settings, inline and from the
// file Config names, or nil.
func buses(s Settings) (*analyzer.Buses, error) {
	var b *analyzer.Buses
	if s.Buses != nil {
		var err error
		if b, err = analyzer.DecodeBuses(map[string]any{"buses": s.Buses}, busesOrigin); err != nil {
			return nil, err
		}
	}
	if s.Config != "" {
		f, err := analyzer.LoadBuses(s.Config)
		if err != nil {
			return nil, fmt.Errorf("%s: setting \"config\": %w", Name, err)
		}
		if b, err = b.Merge(f); err != nil {
			return nil, fmt.Errorf("%s: settings buses and config: %w", Name, err)
		}
	}
	return b, nil
}

func setEnabled(m map[string]bool, name string, on *bool) {
	if on != nil {
		m[name] = *on
	}
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

// DecodeSettings decodes the settings golangci-lint passes into Settings.
// It accepts any spelling of a key that differs from the documented one
// only in case, '-' and '_', and rejects unknown keys and ill-typed values
// with an error that names the setting, e.g.
//
//	tracewire: unknown setting "producerinject.strct" (producerinject settings: enabled, strict)
func DecodeSettings(conf any) (Settings, error) {
	raw, err := register.DecodeSettings[any](conf)
	if err != nil {
		return Settings{}, fmt.Errorf("%s: settings: %w", Name, err)
	}
	if raw == nil {
		return Settings{}, nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return Settings{}, fmt.Errorf("%s: settings must be a mapping from analyzer name (%s) to its settings, not %s",
			Name, strings.Join(AnalyzerKeys(), ", "), describe(raw))
	}
	canon, err := canonicalize(m, reflect.TypeFor[Settings](), "")
	if err != nil {
		return Settings{}, err
	}
	s, err := register.DecodeSettings[Settings](canon)
	if err != nil {
		// canonicalize checked every key and type: this is a bug.
		return Settings{}, fmt.Errorf("%s: settings: %w", Name, err)
	}
	if s.Buses != nil {
		// Decoded strictly now, so that an error names the entry here.
		if _, err := analyzer.DecodeBuses(map[string]any{"buses": s.Buses}, busesOrigin); err != nil {
			return Settings{}, err
		}
	}
	return s, nil
}

// AnalyzerKeys returns the settings keys that name analyzers, in the
// suite's order.
func AnalyzerKeys() []string {
	var names []string
	t := reflect.TypeFor[Settings]()
	for f := range t.Fields() {
		if f.IsExported() && f.Type.Kind() == reflect.Struct {
			names = append(names, jsonName(f))
		}
	}
	return names
}

// canonicalize checks m against the struct type t and returns it with every
// key spelled as t's json tag names it. path is the key path of m, "" at
// the top.
func canonicalize(m map[string]any, t reflect.Type, path string) (map[string]any, error) {
	out := make(map[string]any, len(m))
	given := map[string]string{} // canonical key -> key as written
	for _, k := range sortedKeys(m) {
		v := m[k]
		f, ok := field(t, k)
		if !ok {
			if path == "" {
				return nil, fmt.Errorf("%s: unknown setting %q (analyzers: %s; in-house buses: buses, config)", Name, k, strings.Join(AnalyzerKeys(), ", "))
			}
			return nil, fmt.Errorf("%s: unknown setting %q (%s settings: %s)", Name, join(path, k), path, strings.Join(keys(t), ", "))
		}
		name := jsonName(f)
		if prev, dup := given[name]; dup {
			return nil, fmt.Errorf("%s: setting %q is given twice, as %q and %q", Name, join(path, name), prev, k)
		}
		given[name] = k
		if v == nil {
			continue // "key:" with no value: the default
		}
		p := join(path, name)
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch ft.Kind() {
		case reflect.Struct:
			sub, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s: setting %q must be a mapping (%s), not %s", Name, p, strings.Join(keys(ft), ", "), describe(v))
			}
			c, err := canonicalize(sub, ft, p)
			if err != nil {
				return nil, err
			}
			out[name] = c
		case reflect.Bool:
			if _, ok := v.(bool); !ok {
				return nil, fmt.Errorf("%s: setting %q must be true or false, not %s", Name, p, describe(v))
			}
			out[name] = v
		case reflect.String:
			if _, ok := v.(string); !ok {
				return nil, fmt.Errorf("%s: setting %q must be a string, not %s", Name, p, describe(v))
			}
			out[name] = v
		case reflect.Slice:
			// buses: its entries are decoded by analyzer.DecodeBuses.
			if _, ok := v.([]any); !ok {
				return nil, fmt.Errorf("%s: setting %q must be a list, not %s", Name, p, describe(v))
			}
			out[name] = v
		default:
			return nil, fmt.Errorf("%s: setting %q has unsupported type %s", Name, p, ft)
		}
	}
	return out, nil
}

// field returns the field of the struct type t whose json name matches key.
func field(t reflect.Type, key string) (reflect.StructField, bool) {
	k := normalize(key)
	for f := range t.Fields() {
		if f.IsExported() && normalize(jsonName(f)) == k {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// keys returns the json names of the fields of the struct type t, in
// declaration order.
func keys(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		if f.IsExported() {
			names = append(names, jsonName(f))
		}
	}
	return names
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

// normalize folds the spellings golangci-lint users write for one key:
// producerInject, producer-inject, producer_inject, producerinject.
func normalize(key string) string {
	return strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(key))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// describe prints a decoded JSON value with its type for an error message.
func describe(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q (a string)", v)
	case float64:
		return fmt.Sprintf("%v (a number)", v)
	case bool:
		return fmt.Sprintf("%v (a boolean)", v)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("%v (%T)", v, v)
}

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
type Settings struct {
	ProducerInject  ProducerInjectSettings  `json:"producerinject"`
	ConsumerExtract ConsumerExtractSettings `json:"consumerextract"`
	PropagatorUnset PropagatorUnsetSettings `json:"propagatorunset"`
	StaleInject     StaleInjectSettings     `json:"staleinject"`
	CarrierCheck    CarrierCheckSettings    `json:"carriercheck"`
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
	if len(analyzer.Build(p.cfg, p.enabled)) == 0 {
		return nil, fmt.Errorf("%s: every analyzer is disabled; remove %s from the enabled linters instead", Name, Name)
	}
	return p, nil
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
			Name, strings.Join(keys(reflect.TypeFor[Settings]()), ", "), describe(raw))
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
	return s, nil
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
			what := "analyzers"
			if path != "" {
				what = path + " settings"
			}
			return nil, fmt.Errorf("%s: unknown setting %q (%s: %s)", Name, join(path, k), what, strings.Join(keys(t), ", "))
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

package analyzer

import (
	"fmt"
	"sort"
	"strings"
)

// The settings schema. golangci-lint's settings (plugin/) and the editor's
// (the gopls front) configure the suite with one document:
//
//	producerinject: {enabled: true, strict: false}
//	consumerextract: {enabled: true}
//	...
//	buses: [...]             # in-house buses, inline
//	config: tracewire.json   # in-house buses, from a file
//
// Its keys are the registry's analyzers, each with "enabled" and the
// options its Config declares (Config.Options), plus buses and config.
// Nothing here names an analyzer or an option: both front ends, and the
// flags, come from the declarations.

// settingsName prefixes the errors of settings.
const settingsName = "tracewire"

// Keys of the settings that are not analyzers.
const (
	busesKey  = "buses"
	configKey = "config"
)

// Settings is a decoded settings document.
type Settings struct {
	// Config holds the options set and the inline buses (Config.Buses).
	Config Config
	// Enabled turns analyzers on or off by name; an analyzer it does not
	// name runs if it runs by default (Build's enabled).
	Enabled map[string]bool
	// BusesFile is the value of config: a file of in-house buses, read by
	// the front end, which knows the directory it is relative to.
	BusesFile string
}

// A Setting documents one key of an analyzer's settings.
type Setting struct {
	// Key is ANALYZER.NAME, e.g. producerinject.strict.
	Key string
	// Kind is the value's type, e.g. bool.
	Kind string
	// Default is the value when the key is not given.
	Default string
	// Doc says what it does.
	Doc string
}

// Settings returns the keys of e's settings: enabled, then each option
// its Config declares.
func (e Entry) Settings() []Setting {
	out := []Setting{{
		Key: e.Analyzer.Name + ".enabled", Kind: "bool", Default: fmt.Sprint(e.Default),
		Doc: "run the analyzer",
	}}
	var c Config
	for _, o := range e.options(&c) {
		out = append(out, Setting{Key: e.Analyzer.Name + "." + o.Name, Kind: o.Kind(), Default: o.Value(), Doc: o.Doc})
	}
	return out
}

// settingKeys returns the keys of e's settings, without the analyzer's
// name, in the order Settings gives them.
func (e Entry) settingKeys() []string {
	var out []string
	for _, s := range e.Settings() {
		out = append(out, strings.TrimPrefix(s.Key, e.Analyzer.Name+"."))
	}
	return out
}

// DecodeSettings decodes a settings document: raw is its decoded JSON or
// YAML (nil, or a map[string]any whose values are maps, lists, strings,
// numbers and booleans). A key matches a documented one without regard
// to case, '-' or '_' (golangci-lint lowercases keys), so producerinject,
// producer-inject and producerInject name the same analyzer. Unknown
// keys, keys given twice and values of the wrong type are errors that
// name the setting, e.g.
//
//	tracewire: unknown setting "producerinject.strct" (producerinject settings: enabled, strict)
//
// The inline buses are decoded as strictly (DecodeBuses); the file config
// names is not read.
func DecodeSettings(raw any) (Settings, error) {
	s := Settings{Enabled: map[string]bool{}}
	if raw == nil {
		return s, nil
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return Settings{}, fmt.Errorf("%s: settings must be a mapping from analyzer name (%s) to its settings, not %s",
			settingsName, strings.Join(Names(), ", "), describe(raw))
	}
	entries := map[string]Entry{}
	for _, e := range Suite() {
		entries[e.Analyzer.Name] = e
	}
	top := append(Names(), busesKey, configKey)
	given := map[string]string{}
	for _, k := range sortedKeys(m) {
		v := m[k]
		name, ok := match(top, k)
		if !ok {
			return Settings{}, fmt.Errorf("%s: unknown setting %q (analyzers: %s; in-house buses: %s, %s)",
				settingsName, k, strings.Join(Names(), ", "), busesKey, configKey)
		}
		if err := once(given, "", name, k); err != nil {
			return Settings{}, err
		}
		if v == nil {
			continue // "key:" with no value: the default
		}
		switch name {
		case busesKey:
			l, ok := v.([]any)
			if !ok {
				return Settings{}, fmt.Errorf("%s: setting %q must be a list, not %s", settingsName, name, describe(v))
			}
			b, err := DecodeBuses(map[string]any{busesKey: l}, settingsName+": settings")
			if err != nil {
				return Settings{}, err
			}
			s.Config.Buses = b
		case configKey:
			f, ok := v.(string)
			if !ok {
				return Settings{}, fmt.Errorf("%s: setting %q must be a string, not %s", settingsName, name, describe(v))
			}
			s.BusesFile = f
		default:
			if err := s.decodeAnalyzer(entries[name], v); err != nil {
				return Settings{}, err
			}
		}
	}
	return s, nil
}

// decodeAnalyzer decodes the settings v of the analyzer of e into s.
func (s *Settings) decodeAnalyzer(e Entry, v any) error {
	name := e.Analyzer.Name
	keys := e.settingKeys()
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: setting %q must be a mapping (%s), not %s", settingsName, name, strings.Join(keys, ", "), describe(v))
	}
	opts := e.options(&s.Config)
	given := map[string]string{}
	for _, k := range sortedKeys(m) {
		key, ok := match(keys, k)
		if !ok {
			return fmt.Errorf("%s: unknown setting %q (%s settings: %s)", settingsName, name+"."+k, name, strings.Join(keys, ", "))
		}
		if err := once(given, name+".", key, k); err != nil {
			return err
		}
		val := m[k]
		if val == nil {
			continue
		}
		if key == "enabled" {
			on, ok := val.(bool)
			if !ok {
				return fmt.Errorf("%s: setting %q must be true or false, not %s", settingsName, name+"."+key, describe(val))
			}
			s.Enabled[name] = on
			continue
		}
		for _, o := range opts {
			if o.Name == key {
				if err := o.Set(val, describe); err != nil {
					return fmt.Errorf("%s: setting %q %w", settingsName, name+"."+key, err)
				}
			}
		}
	}
	return nil
}

// Flags returns the analyzer flags (multichecker's convention) that give
// the analyzers the configuration of s, for a driver that takes flags
// (go vet -vettool): -NAME=false for an analyzer turned off (-NAME=true
// for one on by default is not needed), -NAME.OPTION=VALUE for each option
// whose value is not its default. In-house buses are not flags: the
// caller decides what to do with them.
func (s Settings) Flags() []string {
	var flags []string
	var def Config
	for _, e := range Suite() {
		name := e.Analyzer.Name
		if on, ok := s.Enabled[name]; ok && on != e.Default {
			flags = append(flags, fmt.Sprintf("-%s=%v", name, on))
		}
		defs := e.options(&def)
		for i, o := range e.options(&s.Config) { // s is a copy: reading only
			if v := o.Value(); v != defs[i].Value() {
				flags = append(flags, fmt.Sprintf("-%s.%s=%s", name, o.Name, v))
			}
		}
	}
	return flags
}

// Runs reports whether the settings leave at least one analyzer on.
func (s Settings) Runs() bool {
	for _, e := range Suite() {
		on, ok := s.Enabled[e.Analyzer.Name]
		if !ok {
			on = e.Default
		}
		if on {
			return true
		}
	}
	return false
}

// match returns the key of keys that k spells.
func match(keys []string, k string) (string, bool) {
	n := normalize(k)
	for _, key := range keys {
		if normalize(key) == n {
			return key, true
		}
	}
	return "", false
}

// once records that key (under prefix) was written as k, and fails if it
// was written before.
func once(given map[string]string, prefix, key, k string) error {
	if prev, dup := given[key]; dup {
		return fmt.Errorf("%s: setting %q is given twice, as %q and %q", settingsName, prefix+key, prev, k)
	}
	given[key] = k
	return nil
}

// normalize folds the spellings users write for one key: producerInject,
// producer-inject, producer_inject, producerinject.
func normalize(key string) string {
	return strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(key))
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

package lspproxy

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer"
	"github.com/tracewire/tracewire/plugin"
)

// settingsKey is the key under which the editor passes tracewire's
// settings: in initializationOptions, in the settings of
// workspace/didChangeConfiguration, and in the objects it returns for
// gopls's workspace/configuration requests.
const settingsKey = "tracewire"

// build is what gopls's settings say about the build: its buildFlags (go
// command flags, e.g. -tags=integration) and env (added to the go
// command's environment). go vet gets them too, so that it sees the
// packages gopls sees.
type build struct {
	flags []string
	env   []string
}

// goplsBuild reads the build settings from an object of gopls settings
// (initializationOptions, or the editor's answer to workspace/configuration).
// ok is false if the object has neither.
func goplsBuild(obj json.RawMessage) (b build, ok bool) {
	var s struct {
		BuildFlags *[]string          `json:"buildFlags"`
		Env        *map[string]string `json:"env"`
	}
	if json.Unmarshal(obj, &s) != nil || s.BuildFlags == nil && s.Env == nil {
		return build{}, false
	}
	if s.BuildFlags != nil {
		b.flags = *s.BuildFlags
	}
	if s.Env != nil {
		for _, k := range sortedKeys(*s.Env) {
			b.env = append(b.env, k+"="+(*s.Env)[k])
		}
	}
	return b, true
}

// vetFlags decodes tracewire's settings (the value under settingsKey) the
// way the golangci-lint plugin does (plugin.DecodeSettings: same keys, same
// strictness, same error messages) and returns the analyzer flags that give
// go vet -vettool the same configuration: -NAME=false for an analyzer
// turned off, -NAME.OPTION=VALUE for each option that is set.
func vetFlags(raw any) ([]string, error) {
	s, err := plugin.DecodeSettings(raw)
	if err != nil {
		return nil, err
	}
	return settingsFlags(s, analyzer.Analyzers())
}

// settingsFlags turns decoded settings into flags of the analyzers
// (multichecker's convention). Every field of plugin.Settings of struct
// type is an analyzer's settings, named by the analyzer; its Enabled field maps to the
// analyzer's enable flag, every other field to the analyzer's flag of the
// same name. A setting without a flag is an error.
func settingsFlags(s plugin.Settings, analyzers []*analysis.Analyzer) ([]string, error) {
	byName := map[string]*analysis.Analyzer{}
	for _, a := range analyzers {
		byName[a.Name] = a
	}
	var flags []string
	on := 0
	v := reflect.ValueOf(s)
	for i := range v.NumField() {
		name := jsonName(v.Type().Field(i))
		if v.Field(i).Kind() != reflect.Struct {
			// buses, config: in-house buses reach go vet through
			// $TRACEWIRE_CONFIG only (its -V=full ID covers the file).
			if !v.Field(i).IsZero() {
				return nil, fmt.Errorf("tracewire: setting %q is not read from editor settings: declare in-house buses in a file and start tracewire-gopls with -tracewire.config=FILE or $%s=FILE (docs/buses.md)", name, configEnv)
			}
			continue
		}
		a, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("tracewire: setting %q names no analyzer of this binary", name)
		}
		enabled := true
		sub := v.Field(i)
		for j := range sub.NumField() {
			f, fv := sub.Type().Field(j), sub.Field(j)
			key := jsonName(f)
			if key == "enabled" {
				if !fv.IsNil() && !fv.Elem().Bool() {
					enabled = false
					flags = append(flags, "-"+name+"=false")
				}
				continue
			}
			if a.Flags.Lookup(key) == nil {
				return nil, fmt.Errorf("tracewire: setting %q has no flag -%s.%s", name+"."+key, name, key)
			}
			if fv.IsZero() {
				continue // the flag's default
			}
			if fv.Kind() == reflect.Pointer {
				fv = fv.Elem()
			}
			flags = append(flags, fmt.Sprintf("-%s.%s=%v", name, key, fv.Interface()))
		}
		if enabled {
			on++
		}
	}
	if on == 0 {
		return nil, fmt.Errorf("tracewire: every analyzer is disabled; set enabled: true for at least one")
	}
	return flags, nil
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

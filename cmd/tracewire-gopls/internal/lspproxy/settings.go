package lspproxy

import (
	"encoding/json"
	"fmt"

	"github.com/tracewire/tracewire/analyzer"
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

// vetFlags decodes tracewire's settings (the value under settingsKey) as
// the golangci-lint plugin does (analyzer.DecodeSettings: same keys, same
// strictness, same error messages) and returns the analyzer flags that give
// go vet -vettool the same configuration (Settings.Flags). In-house buses
// are an error here: they reach go vet through $TRACEWIRE_CONFIG only (its
// -V=full ID covers the file), so that go vet's cache sees them.
func vetFlags(raw any) ([]string, error) {
	s, err := analyzer.DecodeSettings(raw)
	if err != nil {
		return nil, err
	}
	key := ""
	switch {
	case s.Config.Buses != nil:
		key = "buses"
	case s.BusesFile != "":
		key = "config"
	}
	if key != "" {
		return nil, fmt.Errorf("tracewire: setting %q is not read from editor settings: declare in-house buses in a file and start tracewire-gopls with -tracewire.config=FILE or $%s=FILE (docs/buses.md)", key, configEnv)
	}
	if !s.Runs() {
		return nil, fmt.Errorf("tracewire: every analyzer is disabled; set enabled: true for at least one")
	}
	return s.Flags(), nil
}

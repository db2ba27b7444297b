package plugin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// inhouseBuses is testdata/inhouse's bus over Kafka as golangci-lint
// passes it: decoded YAML, keys lowercased.
func inhouseBuses() []any {
	type m = map[string]any
	return []any{m{
		"name": "inhouse",
		"messages": []any{m{"type": "example.com/inhouse/bus.Message", "direction": "both",
			"header_field": "Headers", "shape": "map-string"}},
		"sends": []any{m{"func": "(*example.com/inhouse/bus.Client).Publish", "message_arg": 1}},
	}}
}

// TestSettingsBuses: buses declared inline or in a file reach the
// analyzers the plugin builds.
func TestSettingsBuses(t *testing.T) {
	t.Parallel()
	pkgs := loadIn(t, "inhouse", "example.com/inhouse/orders")
	config, err := filepath.Abs(filepath.Join("..", "testdata", "inhouse", "tracewire.json"))
	if err != nil {
		t.Fatal(err)
	}
	webhookOnly := filepath.Join(t.TempDir(), "webhook.json")
	data, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	// The file without the bus over Kafka: the webhook bus alone.
	i := strings.Index(string(data), `{
      "name": "webhook"`)
	if i < 0 {
		t.Fatal("testdata/inhouse/tracewire.json has no webhook bus")
	}
	if err := os.WriteFile(webhookOnly, []byte(`{"buses": [`+string(data[i:])), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		conf     map[string]any
		findings int
	}{
		{"none", nil, 0},
		// Client.Publish only: orders's send through it, and one
		// through relay's Forward, judged by its facts.
		{"inline", map[string]any{"buses": inhouseBuses()}, 2},
		// Every send of the bus: PublishBatch's and TracedClient's too.
		{"config", map[string]any{"config": config}, 4},
		// Both: the bus over Kafka inline, the webhook bus in the file.
		{"both", map[string]any{"buses": inhouseBuses(), "config": webhookOnly}, 2},
		// camelCase keys, as a YAML file may spell them.
		{"camel", map[string]any{"buses": []any{map[string]any{
			"name": "inhouse",
			"messages": []any{map[string]any{"type": "example.com/inhouse/bus.Message", "direction": "both",
				"headerField": "Headers", "shape": "map-string"}},
			"sends": []any{map[string]any{"func": "(*example.com/inhouse/bus.Client).Publish", "messageArg": 1}},
		}}}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := diagnostics(t, build(t, tt.conf), pkgs); len(got) != tt.findings {
				t.Errorf("%d findings, want %d: %q", len(got), tt.findings, got)
			}
		})
	}
}

// TestSettingsBusesErrors: a bus entry that cannot be meant is an error
// naming it, when the plugin is made.
func TestSettingsBusesErrors(t *testing.T) {
	t.Parallel()
	type m = map[string]any
	withSend := func(send m) []any {
		b := inhouseBuses()
		b[0].(m)["sends"] = []any{send}
		return b
	}
	config, err := filepath.Abs(filepath.Join("..", "testdata", "inhouse", "tracewire.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		conf any
		want string
	}{
		{"unknown key", m{"buses": withSend(m{"func": "(*example.com/inhouse/bus.Client).Publish", "mesage_arg": 1})},
			`tracewire: settings: buses[0] "inhouse": sends[0]: unknown key "mesage_arg" (keys: func, message_arg, slice)`},
		{"bad func", m{"buses": withSend(m{"func": "Publish", "message_arg": 1})},
			`tracewire: settings: buses[0] "inhouse": sends[0]: malformed function name "Publish"`},
		{"not a list", m{"buses": m{"name": "inhouse"}},
			`tracewire: setting "buses" must be a list, not a mapping`},
		{"config not a string", m{"config": true},
			`tracewire: setting "config" must be a string, not true (a boolean)`},
		{"missing file", m{"config": "no-such-file.json"},
			`tracewire: setting "config": reading the bus configuration: open no-such-file.json`},
		{"both declare a bus", m{"buses": inhouseBuses(), "config": config},
			`tracewire: settings buses and config: ` + config + `: buses[0]: the name "inhouse" is already used by buses[0] of tracewire: settings`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantNewError(t, tt.conf, tt.want)
		})
	}
}

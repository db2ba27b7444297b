package analyzer_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tracewire/tracewire/analyzer"
)

// An analyzer's flags are exactly the options its Config declares, with
// the declared defaults and docs: no flag is defined by hand beside the
// schema, so the settings (which come from the schema) cover every flag.
func TestFlagsAreOptions(t *testing.T) {
	for _, e := range analyzer.Suite() {
		a := e.Analyzer
		var opts []string
		for _, st := range e.Settings()[1:] {
			opt := strings.TrimPrefix(st.Key, a.Name+".")
			opts = append(opts, opt)
			f := a.Flags.Lookup(opt)
			if f == nil {
				t.Errorf("%s: declared option %s has no flag", a.Name, opt)
				continue
			}
			if f.DefValue != st.Default || f.Usage != st.Doc {
				t.Errorf("%s: flag -%s default %q usage %q; declared %q %q", a.Name, opt, f.DefValue, f.Usage, st.Default, st.Doc)
			}
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			if !slices.Contains(opts, f.Name) {
				t.Errorf("%s: flag -%s is not a declared option (declare it in Config.Options)", a.Name, f.Name)
			}
		})
		if got := e.Settings()[0]; got.Key != a.Name+".enabled" || got.Default != fmt.Sprint(e.Default) {
			t.Errorf("%s: first setting %+v, want enabled with default %v", a.Name, got, e.Default)
		}
	}
}

// Every option set to its non-default value decodes, builds an analyzer
// with that value, and comes back as the one flag that says so; an
// analyzer turned off comes back as -NAME=false.
func TestSettingsRoundTrip(t *testing.T) {
	for _, e := range analyzer.Suite() {
		name := e.Analyzer.Name
		for _, st := range e.Settings()[1:] {
			opt := strings.TrimPrefix(st.Key, name+".")
			v := st.Default != "true"
			s, err := analyzer.DecodeSettings(map[string]any{strings.ToUpper(name): map[string]any{opt: v}})
			if err != nil {
				t.Fatalf("%s: %v", st.Key, err)
			}
			if got, want := s.Flags(), []string{fmt.Sprintf("-%s=%v", st.Key, v)}; !slices.Equal(got, want) {
				t.Errorf("%s: Flags() = %q, want %q", st.Key, got, want)
			}
			for _, a := range analyzer.Build(s.Config, s.Enabled) {
				if a.Name == name {
					if got := a.Flags.Lookup(opt).Value.String(); got != fmt.Sprint(v) {
						t.Errorf("%s: built analyzer has %s", st.Key, got)
					}
				}
			}
		}
		s, err := analyzer.DecodeSettings(map[string]any{name: map[string]any{"enabled": false}})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := s.Flags(), []string{"-" + name + "=false"}; !slices.Equal(got, want) {
			t.Errorf("%s off: Flags() = %q, want %q", name, got, want)
		}
	}
	// Decoding does not touch the package-level analyzers.
	for _, a := range analyzer.Analyzers() {
		a.Flags.VisitAll(func(f *flag.Flag) {
			if f.Value.String() != f.DefValue {
				t.Errorf("%s: package-level flag -%s = %s after decoding", a.Name, f.Name, f.Value)
			}
		})
	}
}

// Each analyzer's page lists its options under "## Options", with the
// flag and the setting.
func TestOptionsDocumented(t *testing.T) {
	for _, e := range analyzer.Suite() {
		name := e.Analyzer.Name
		data, err := os.ReadFile(filepath.Join("..", "docs", name+".md"))
		if err != nil {
			t.Fatal(err)
		}
		doc := string(data)
		if !strings.Contains(doc, "\n## Options\n") {
			t.Errorf("docs/%s.md: no ## Options section", name)
			continue
		}
		for _, st := range e.Settings()[1:] {
			if !strings.Contains(doc, "-"+st.Key) {
				t.Errorf("docs/%s.md: option %s not documented (no -%s)", name, st.Key, st.Key)
			}
		}
	}
}

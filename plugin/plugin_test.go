package plugin

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tracewire/tracewire/analyzer"
	"github.com/tracewire/tracewire/analyzer/producerinject"
)

// build returns the analyzers of a plugin made by the registered
// constructor, as golangci-lint makes it, for settings conf.
func build(t *testing.T, conf any) []*analysis.Analyzer {
	t.Helper()
	newPlugin, err := register.GetPlugin(Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(conf)
	if err != nil {
		t.Fatalf("New(%v): %v", conf, err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatalf("BuildAnalyzers: %v", err)
	}
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
	return as
}

// describe prints analyzers with the values of their flags, e.g.
// "producerinject(strict=true) consumerextract".
func describeAnalyzers(as []*analysis.Analyzer) string {
	var out []string
	for _, a := range as {
		var flags []string
		a.Flags.VisitAll(func(f *flag.Flag) {
			flags = append(flags, f.Name+"="+f.Value.String())
		})
		s := a.Name
		if len(flags) > 0 {
			s += "(" + strings.Join(flags, ",") + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

// TestSettings decodes settings as golangci-lint passes them (decoded YAML
// with keys lowercased) and checks the analyzers the plugin builds.
func TestSettings(t *testing.T) {
	t.Parallel()
	type m = map[string]any
	// The analyzers after the first two take no options: each case
	// builds them too.
	rest := ""
	for _, name := range analyzer.Names()[2:] {
		rest += " " + name
	}
	all := "producerinject(strict=false) consumerextract" + rest
	for _, tt := range []struct {
		name string
		conf any
		want string
	}{
		{"absent", nil, all},
		{"empty", m{}, all},
		{"empty analyzer", m{"producerinject": nil, "consumerextract": m{}}, all},
		{"strict", m{"producerinject": m{"strict": true}}, "producerinject(strict=true) consumerextract" + rest},
		{"strict off", m{"producerinject": m{"strict": false}}, all},
		{"kebab", m{"producer-inject": m{"strict": true}}, "producerinject(strict=true) consumerextract" + rest},
		{"snake", m{"producer_inject": m{"strict": true}}, "producerinject(strict=true) consumerextract" + rest},
		{"camel", m{"producerInject": m{"Strict": true}}, "producerinject(strict=true) consumerextract" + rest},
		{"disable producerinject", m{"producerinject": m{"enabled": false}}, "consumerextract" + rest},
		{"disable consumerextract", m{"consumer-extract": m{"enabled": false}}, "producerinject(strict=false)" + rest},
		{"enable explicitly", m{"producerinject": m{"enabled": true, "strict": true}, "consumerextract": m{"enabled": true}},
			"producerinject(strict=true) consumerextract" + rest},
		{"enabled null", m{"producerinject": m{"enabled": nil}}, all},
		// A strict analyzer that does not run is not an error.
		{"strict but disabled", m{"producerinject": m{"enabled": false, "strict": true}}, "consumerextract" + rest},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := describeAnalyzers(build(t, tt.conf)); got != tt.want {
				t.Errorf("settings %v: analyzers %s, want %s", tt.conf, got, tt.want)
			}
		})
	}
}

// TestSettingsErrors: what cannot be meant is an error that names the
// setting and says what is accepted.
func TestSettingsErrors(t *testing.T) {
	t.Parallel()
	type m = map[string]any
	names := strings.Join(analyzer.Names(), ", ")
	allOff := m{}
	for _, name := range analyzer.Names() {
		allOff[name] = m{"enabled": false}
	}
	for _, tt := range []struct {
		name string
		conf any
		want string
	}{
		{"unknown option", m{"producerinject": m{"strct": true}},
			`tracewire: unknown setting "producerinject.strct" (producerinject settings: enabled, strict)`},
		{"unknown option kebab", m{"producer-inject": m{"strct": true}},
			`tracewire: unknown setting "producerinject.strct"`},
		{"option of another analyzer", m{"consumerextract": m{"strict": true}},
			`tracewire: unknown setting "consumerextract.strict" (consumerextract settings: enabled)`},
		{"unknown analyzer", m{"producer": m{}},
			`tracewire: unknown setting "producer" (analyzers: ` + names + `; in-house buses: buses, config)`},
		{"option at the top", m{"strict": true},
			`tracewire: unknown setting "strict" (analyzers: ` + names + `; in-house buses: buses, config)`},
		{"string for bool", m{"producerinject": m{"strict": "yes"}},
			`tracewire: setting "producerinject.strict" must be true or false, not "yes" (a string)`},
		{"number for bool", m{"consumerextract": m{"enabled": 0}},
			`tracewire: setting "consumerextract.enabled" must be true or false, not 0 (a number)`},
		{"bool for analyzer", m{"producerinject": true},
			`tracewire: setting "producerinject" must be a mapping (enabled, strict), not true (a boolean)`},
		{"list for analyzer", m{"consumerextract": []any{"enabled"}},
			`tracewire: setting "consumerextract" must be a mapping (enabled), not a list`},
		{"not a mapping", "producerinject",
			`tracewire: settings must be a mapping from analyzer name (` + names + `) to its settings, not "producerinject" (a string)`},
		{"twice", m{"producerinject": m{}, "producer-inject": m{}},
			`tracewire: setting "producerinject" is given twice, as "producer-inject" and "producerinject"`},
		{"option twice", m{"producerinject": m{"strict": true, "STRICT": false}},
			`tracewire: setting "producerinject.strict" is given twice, as "STRICT" and "strict"`},
		{"all disabled", allOff,
			`tracewire: every analyzer is disabled; remove tracewire from the enabled linters instead`},
		{"not JSON", m{"producerinject": make(chan int)},
			`tracewire: settings: encoding settings: json: unsupported type: chan int`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantNewError(t, tt.conf, tt.want)
		})
	}
}

// Every analyzer of the suite has an enabled switch and a setting for
// each option its Config declares, and setting an option to a non-default
// value reaches the analyzer the plugin builds (its flag of the same
// name). The settings come from the declarations; this proves the plugin
// hands them through.
func TestSettingsCoverSuite(t *testing.T) {
	t.Parallel()
	for _, e := range analyzer.Suite() {
		a := e.Analyzer
		for _, st := range e.Settings() {
			opt := strings.TrimPrefix(st.Key, a.Name+".")
			if opt == "enabled" {
				continue
			}
			if st.Kind != "bool" {
				t.Errorf("%s: kind %s: this test sets booleans only", st.Key, st.Kind)
				continue
			}
			v := st.Default != "true"
			as := build(t, map[string]any{a.Name: map[string]any{opt: v}})
			i := slices.IndexFunc(as, func(b *analysis.Analyzer) bool { return b.Name == a.Name })
			if i < 0 {
				t.Errorf("%s: analyzer not built", st.Key)
				continue
			}
			if got := as[i].Flags.Lookup(opt).Value.String(); got != fmt.Sprint(v) {
				t.Errorf("setting %s: %v: the analyzer's option is %s", st.Key, v, got)
			}
		}
		// A disabled analyzer is not built; the others are.
		as := build(t, map[string]any{a.Name: map[string]any{"enabled": false}})
		for _, b := range as {
			if b.Name == a.Name {
				t.Errorf("%s.enabled: false: analyzer still built", a.Name)
			}
		}
		if len(as) != len(analyzer.Names())-1 {
			t.Errorf("%s.enabled: false: built %s", a.Name, describeAnalyzers(as))
		}
	}
}

// Two plugins with different settings, built and run concurrently, do not
// affect each other, the analyzers of other BuildAnalyzers calls, or the
// package-level analyzers (no settings are written into global flags).
func TestIndependentInstances(t *testing.T) {
	t.Parallel()
	pkgs := loadIn(t, "untraced", "example.com/untraced/strict")
	for _, tt := range []struct {
		name     string
		conf     map[string]any
		findings int
	}{
		// untraced/strict has two sends without injection and no
		// OpenTelemetry, in or required directly by its module: only
		// strict reports them.
		{"strict", map[string]any{"producerinject": map[string]any{"strict": true}}, 2},
		{"default", nil, 0},
		{"strict kebab", map[string]any{"producer-inject": map[string]any{"strict": true}}, 2},
		{"default explicit", map[string]any{"producerinject": map[string]any{"strict": false}}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			newPlugin, err := register.GetPlugin(Name)
			if err != nil {
				t.Fatal(err)
			}
			p, err := newPlugin(tt.conf)
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				as, err := p.BuildAnalyzers()
				if err != nil {
					t.Fatal(err)
				}
				if got := diagnostics(t, as, pkgs); len(got) != tt.findings {
					t.Errorf("%d findings, want %d: %q", len(got), tt.findings, got)
				}
			}
		})
	}
	t.Cleanup(func() {
		if got := producerinject.Analyzer.Flags.Lookup("strict").Value.String(); got != "false" {
			t.Errorf("package-level producerinject.Analyzer strict = %s, want false", got)
		}
	})
}

// Every BuildAnalyzers call returns new analyzers.
func TestFreshAnalyzers(t *testing.T) {
	t.Parallel()
	p, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := p.BuildAnalyzers()
	b, _ := p.BuildAnalyzers()
	for i := range a {
		if a[i] == b[i] {
			t.Errorf("%s: BuildAnalyzers returned the same analyzer twice", a[i].Name)
		}
		for _, pkgLevel := range analyzer.Analyzers() {
			if a[i] == pkgLevel {
				t.Errorf("%s: BuildAnalyzers returned the package-level analyzer", a[i].Name)
			}
		}
	}
}

// load loads patterns from the analysistest module testdata/mod, whose
// modules scripts/test.sh downloads.
// loadIn loads patterns in the testdata module testdata/<mod>.
func loadIn(t *testing.T, mod string, patterns ...string) []*packages.Package {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata", mod))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Dir:   dir,
		Tests: false,
		Env:   append(os.Environ(), "GOPROXY=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("testdata/%s does not load; run scripts/test.sh to download its modules", mod)
	}
	return pkgs
}

func diagnostics(t *testing.T, as []*analysis.Analyzer, pkgs []*packages.Package) []string {
	t.Helper()
	g, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for act := range g.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			out = append(out, act.Analyzer.Name+": "+d.Message)
		}
	}
	return out
}

// The golangci-lint version is pinned in one place per tool; they agree.
func TestPinnedVersions(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ file, want string }{
		{"../.custom-gcl.yml", "\nversion: " + gclVersion + "\n"},
		{"../.custom-gcl.yml", "import: github.com/tracewire/tracewire/plugin\n"},
		{"testdata/gcl/go.mod", "\tgithub.com/golangci/golangci-lint/v2 " + gclVersion + "\n"},
		{"testdata/gcl/plugins.go", `_ "github.com/tracewire/tracewire/plugin"`},
		{"../scripts/lint.sh", "\nversion=" + gclVersion + "\n"},
	} {
		data, err := os.ReadFile(c.file)
		if err != nil {
			t.Error(err)
			continue
		}
		if !strings.Contains(string(data), c.want) {
			t.Errorf("%s does not contain %q", c.file, c.want)
		}
	}
}

// docs/golangci-lint.md documents every setting, with its type and
// default.
func TestSettingsDocumented(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../docs/golangci-lint.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"buses", "config"} {
		if row := "| `" + key + "` |"; !strings.Contains(string(data), row) {
			t.Errorf("docs/golangci-lint.md: no settings table row %s", row)
		}
	}
	for _, e := range analyzer.Suite() {
		for _, st := range e.Settings() {
			if row := "| `" + st.Key + "` | " + st.Kind + " | `" + st.Default + "` |"; !strings.Contains(string(data), row) {
				t.Errorf("docs/golangci-lint.md: no settings table row %s", row)
			}
		}
	}
}

// wantNewError checks that New(conf) fails with an error starting with
// want.
func wantNewError(t *testing.T, conf any, want string) {
	t.Helper()
	p, err := New(conf)
	if err == nil {
		t.Fatalf("New(%v) = %v, want error %q", conf, p, want)
	}
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("New(%v) error:\n got %s\nwant %s", conf, err, want)
	}
}

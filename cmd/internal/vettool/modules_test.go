package vettool

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const shopMod = `module example.com/shop

go 1.26.0

require (
	github.com/IBM/sarama v1.61.1
	go.opentelemetry.io/otel v1.47.0
)

require go.opentelemetry.io/otel/trace v1.47.0 // indirect
`

// The ID changes with the direct requirements of the go.mod files the
// analyses read (go vet's cache key holds none of them), and with nothing
// else of them.
func TestModulesDigest(t *testing.T) {
	root := t.TempDir()
	shop := filepath.Join(root, "shop")
	mod := filepath.Join(shop, "go.mod")
	write(t, mod, shopMod)
	pkg := filepath.Join(shop, "notifications")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	digest := func(wd string) string { t.Helper(); return modulesDigest(wd, getenv) }

	if got := digest(root); got != "" {
		t.Errorf("no module: digest %q, want none", got)
	}
	base := digest(shop)
	if base == "" {
		t.Fatal("no digest for a module")
	}
	if got := digest(pkg); got != base {
		t.Errorf("from a package directory: %s, want the module's %s", got, base)
	}
	for _, c := range []struct {
		name, from, to string
		same           bool
	}{
		{"otel made indirect", "go.opentelemetry.io/otel v1.47.0\n", "go.opentelemetry.io/otel v1.47.0 // indirect\n", false},
		{"otel/trace made direct", "v1.47.0 // indirect", "v1.47.0", false},
		{"otel dropped", "\tgo.opentelemetry.io/otel v1.47.0\n", "", false},
		{"a version", "sarama v1.61.1", "sarama v1.61.2", true},
		{"a comment", "go 1.26.0\n", "go 1.26.0\n\n// the shop\n", true},
	} {
		write(t, mod, strings.Replace(shopMod, c.from, c.to, 1))
		if got := digest(shop); (got == base) != c.same {
			t.Errorf("%s: digest changed = %v, want %v", c.name, got != base, !c.same)
		}
	}
	write(t, mod, shopMod)

	// A module replaced by a local directory: its go.mod counts.
	lib := filepath.Join(root, "lib")
	write(t, filepath.Join(lib, "go.mod"), "module example.com/lib\n\ngo 1.26.0\n")
	write(t, mod, shopMod+"\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n")
	replacedBase := digest(shop)
	write(t, filepath.Join(lib, "go.mod"), "module example.com/lib\n\ngo 1.26.0\n\nrequire go.opentelemetry.io/otel v1.47.0\n")
	if digest(shop) == replacedBase {
		t.Error("a tracing requirement of a local replacement kept the digest")
	}
	write(t, mod, shopMod)

	// A workspace: every module it uses; GOWORK=off ignores it.
	write(t, filepath.Join(root, "go.work"), "go 1.26.0\n\nuse (\n\t./shop\n\t./lib\n)\n")
	work := digest(shop)
	write(t, filepath.Join(lib, "go.mod"), "module example.com/lib\n\ngo 1.26.0\n")
	if digest(shop) == work {
		t.Error("a used module's go.mod lost its tracing requirement: digest kept")
	}
	env["GOWORK"] = "off"
	if got := digest(shop); got != base {
		t.Errorf("GOWORK=off: %s, want the module's %s", got, base)
	}
}

// With a module, the ID is no longer the drivers' plain hash, and follows
// the module's direct requirements.
func TestIDCoversModule(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "tracewire")
	write(t, exe, "binary")
	shop := filepath.Join(dir, "shop")
	write(t, filepath.Join(shop, "go.mod"), shopMod)
	id := func(wd string) string {
		t.Helper()
		tl := tool([]string{"-V=full"}, nil)
		tl.wd = func() (string, error) { return wd, nil }
		s, err := tl.ID(exe)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	plain, traced := id(dir), id(shop)
	if plain == traced {
		t.Fatal("the module does not change the ID")
	}
	write(t, filepath.Join(shop, "go.mod"), strings.Replace(shopMod, "otel v1.47.0\n", "otel v1.47.0 // indirect\n", 1))
	if id(shop) == traced {
		t.Error("otel made indirect: the ID stayed")
	}
}

package main

// End-to-end tests of in-house buses (docs/buses.md): the configuration
// of testdata/inhouse reaches the analyzers under go vet and go fix
// ($TRACEWIRE_CONFIG, covered by the tool's -V=full ID, so that go vet's
// cache follows the file's contents) and standalone (-config, or
// $TRACEWIRE_CONFIG), -fix's two runs included.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const inhouseDir = "../../testdata/inhouse"

// inhouseFindings are the findings of testdata/inhouse with its
// configuration, by file: one line each, the start of the message.
var inhouseFindings = []string{
	"notify/notify.go: webhook bus2.Post sends e without injected trace context",
	"orders/orders.go: inhouse Client.Publish sends m without injected trace context",
	"orders/orders.go: inhouse Client.PublishBatch sends messages of ms without injected trace context",
	"orders/orders.go: inhouse TracedClient.Publish is given context.Background(), so inhouse's TracedClient.Publish injects an empty trace context",
	"orders/orders.go: s.relay.Forward sends m (with inhouse Client.Publish) without injected trace context",
	`worker/worker.go: span "fulfil" is started from ctx, not from the trace context in m's headers`,
	`worker/worker.go: span "fulfil" is started from context.Background(), not from the trace context in m's headers`,
	`worker/worker.go: span "fulfil" is started from ctx, not from the trace context in m's headers`,
	`worker/worker.go: span "fulfil" is started from ctx, not from the trace context in m's headers`,
	`worker/worker.go: span "fulfil" is started from ctx, not from the trace context in m's headers`,
	`worker/worker.go: span "hook" is started from r.Context(), not from the trace context in e's headers`,
}

// inhouseCopy copies testdata/inhouse into a fresh directory and returns
// it and the absolute path of its configuration.
func inhouseCopy(t *testing.T) (dir, config string) {
	t.Helper()
	dir = t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(inhouseDir)); err != nil {
		t.Fatal(err)
	}
	return dir, filepath.Join(dir, "tracewire.json")
}

// summarize returns the findings of plain driver output as
// inhouseFindings spells them, sorted; other lines fail t.
func summarize(t *testing.T, dir, out string) []string {
	t.Helper()
	var got []string
	for _, d := range parsePlain(t, out) {
		file := d.file
		if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = filepath.ToSlash(rel)
		}
		got = append(got, file+": "+d.message)
	}
	slices.Sort(got)
	return got
}

// checkInhouse asserts that got (summarize's) are want, one each, each
// want a prefix of its finding.
func checkInhouse(t *testing.T, what string, got, want []string) {
	t.Helper()
	used := make([]bool, len(got))
	ok := len(got) == len(want)
	for _, w := range want {
		found := false
		for i, g := range got {
			if !used[i] && strings.HasPrefix(g, w) {
				used[i], found = true, true
				break
			}
		}
		ok = ok && found
	}
	if !ok {
		t.Errorf("%s: findings\n\t%s\nwant\n\t%s", what, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// withoutWebhookSends rewrites the configuration at path without the
// webhook bus's sends.
func withoutWebhookSends(t *testing.T, path string) {
	t.Helper()
	var c map[string][]map[string]any
	if err := json.Unmarshal([]byte(read(t, path)), &c); err != nil {
		t.Fatal(err)
	}
	for _, b := range c["buses"] {
		if b["name"] == "webhook" {
			delete(b, "sends")
		}
	}
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	write(t, path, string(data))
}

func TestE2EBuses(t *testing.T) {
	e := newEnv(t)
	warm, _ := inhouseCopy(t)
	e.mustRun(t, warm, e.gocmd, "list", "-export", "-deps", "./...")
	without := inhouseFindings[1:] // the webhook bus's send undeclared
	with := func(env ...string) *env {
		c := *e
		c.env = append(append([]string(nil), e.env...), env...)
		return &c
	}

	t.Run("vet", func(t *testing.T) {
		t.Parallel()
		dir, config := inhouseCopy(t)
		v := with("TRACEWIRE_CONFIG=" + config)
		out, code := v.run(t, dir, v.gocmd, "vet", "-vettool="+v.bin, "./...")
		if code != 1 {
			t.Fatalf("go vet: exit status %d, want 1\n%s", code, out)
		}
		checkInhouse(t, "go vet", summarize(t, dir, out), inhouseFindings)

		// The same file with other contents: go vet must not answer from
		// its cache (the tool's ID covers the contents).
		withoutWebhookSends(t, config)
		out, _ = v.run(t, dir, v.gocmd, "vet", "-vettool="+v.bin, "./...")
		checkInhouse(t, "go vet after editing the configuration", summarize(t, dir, out), without)

		// Without the configuration, nothing is known of the buses.
		out = e.mustRun(t, dir, e.gocmd, "vet", "-vettool="+e.bin, "./...")
		checkInhouse(t, "go vet without TRACEWIRE_CONFIG", summarize(t, dir, out), nil)
	})

	t.Run("vet-config-flag", func(t *testing.T) {
		t.Parallel()
		dir, config := inhouseCopy(t)
		out, code := e.run(t, dir, e.gocmd, "vet", "-vettool="+e.bin, "-config="+config, "./orders")
		if code == 0 || !strings.Contains(out, "-config="+config+": under go vet and go fix, name the bus configuration with TRACEWIRE_CONFIG=/absolute/path instead") {
			t.Errorf("go vet -config: exit status %d, want an error saying to use TRACEWIRE_CONFIG\n%s", code, out)
		}
		// The file TRACEWIRE_CONFIG names, named again by -config, is fine.
		v := with("TRACEWIRE_CONFIG=" + config)
		out, code = v.run(t, dir, v.gocmd, "vet", "-vettool="+v.bin, "-config="+config, "./notify")
		if code != 1 {
			t.Errorf("go vet -config=TRACEWIRE_CONFIG's file: exit status %d, want 1\n%s", code, out)
		}
		checkInhouse(t, "go vet -config=TRACEWIRE_CONFIG's file", summarize(t, dir, out), inhouseFindings[:1])

		// A relative TRACEWIRE_CONFIG is an error, once.
		v = with("TRACEWIRE_CONFIG=tracewire.json")
		out, code = v.run(t, dir, v.gocmd, "vet", "-vettool="+v.bin, "./orders")
		if code == 0 || strings.Count(out, "TRACEWIRE_CONFIG=tracewire.json is a relative path") != 1 {
			t.Errorf("go vet with a relative TRACEWIRE_CONFIG: exit status %d, want one error\n%s", code, out)
		}
	})

	t.Run("fix", func(t *testing.T) {
		t.Parallel()
		dir, config := inhouseCopy(t)
		v := with("TRACEWIRE_CONFIG=" + config)
		v.mustRun(t, dir, v.gocmd, "fix", "-fixtool="+v.bin, "./...")
		for _, f := range []string{"orders/orders.go", "notify/notify.go", "worker/worker.go"} {
			if got, want := read(t, filepath.Join(dir, f)), read(t, filepath.Join(dir, f+".golden")); got != want {
				t.Errorf("go fix: %s differs from its .golden:\n%s", f, got)
			}
		}
		v.mustRun(t, dir, v.gocmd, "build", "./...")
		if out := v.mustRun(t, dir, v.gocmd, "vet", "-vettool="+v.bin, "./..."); out != "" {
			t.Errorf("go vet after go fix:\n%s", out)
		}
	})

	t.Run("standalone", func(t *testing.T) {
		t.Parallel()
		dir, config := inhouseCopy(t)
		out, code := e.run(t, dir, e.bin, "-config="+config, "./...")
		if code != 3 {
			t.Fatalf("tracewire -config: exit status %d, want 3\n%s", code, out)
		}
		checkInhouse(t, "tracewire -config", summarize(t, dir, out), inhouseFindings)

		// TRACEWIRE_CONFIG, relative to the working directory.
		v := with("TRACEWIRE_CONFIG=tracewire.json")
		out, _ = v.run(t, dir, v.bin, "./...")
		checkInhouse(t, "tracewire with TRACEWIRE_CONFIG", summarize(t, dir, out), inhouseFindings)

		// The flag wins over the environment.
		edited := filepath.Join(dir, "edited.json")
		write(t, edited, read(t, config))
		withoutWebhookSends(t, edited)
		out, _ = v.run(t, dir, v.bin, "-config=edited.json", "./...")
		checkInhouse(t, "tracewire -config with TRACEWIRE_CONFIG", summarize(t, dir, out), without)

		// An error in the configuration is reported once, naming the entry.
		bad := strings.Replace(read(t, config), `"message_arg": 2`, `"mesage_arg": 2`, 1)
		write(t, edited, bad)
		stdout, stderr, code := e.run2(t, dir, e.bin, "-config=edited.json", "./...")
		if code != 1 || stdout != "" || strings.TrimSpace(stderr) != `tracewire: edited.json: buses[1] "webhook": sends[0]: unknown key "mesage_arg" (keys: func, message_arg, slice)` {
			t.Errorf("tracewire -config with an error: exit status %d, want 1 and one line\n%s%s", code, stdout, stderr)
		}
	})

	t.Run("standalone-fix", func(t *testing.T) {
		t.Parallel()
		dir, _ := inhouseCopy(t)
		// A finding without a fix (hoisting the message, which calls
		// encode, would reorder calls): -fix's second run, which lists
		// what is left, must see the configuration too.
		write(t, filepath.Join(dir, "orders", "ship.go"), `package orders

import (
	"context"

	"example.com/inhouse/bus"
)

func (s *Service) Ship(ctx context.Context, id string) error {
	return s.client(ctx).Publish(ctx, &bus.Message{Topic: "shipped", Key: id, Value: encode(id)})
}

func (s *Service) client(context.Context) *bus.Client { return s.bus }

func encode(id string) []byte { return []byte(id) }
`)
		stdout, stderr, code := e.run2(t, dir, e.bin, "-config=tracewire.json", "-fix", "./...")
		if code != 3 || stdout != "" {
			t.Fatalf("tracewire -config -fix: exit status %d, want 3 (a finding left)\n%s%s", code, stdout, stderr)
		}
		rest, summary := splitSummary(t, stderr)
		checkInhouse(t, "tracewire -config -fix", summarize(t, dir, rest),
			[]string{"orders/ship.go: inhouse Client.Publish sends a message without injected trace context"})
		if want := "1 finding was not fixed automatically: 1 has no suggested fix, fix it by hand"; summary != want {
			t.Errorf("summary %q, want %q", summary, want)
		}
		for _, f := range []string{"orders/orders.go", "notify/notify.go", "worker/worker.go"} {
			if got, want := read(t, filepath.Join(dir, f)), read(t, filepath.Join(dir, f+".golden")); got != want {
				t.Errorf("tracewire -fix: %s differs from its .golden:\n%s", f, got)
			}
		}
	})
}

package main

// End-to-end tests of `tracewire map` on the demo: the map lists the
// demo's destinations with the broken producers and consumers the
// findings report; -merge joins the maps of two modules; the HTML page
// renders in a real headless Chromium without console errors.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

type mapEndpoint struct {
	Func, Pos, Status, Message string
}

type mapDest struct {
	System, Name         string
	Producers, Consumers []mapEndpoint
}

// parseMap decodes -format json output, checking that it has exactly the
// documented keys.
func parseMap(t *testing.T, out []byte) map[string]mapDest {
	t.Helper()
	var raw map[string][]map[string]json.RawMessage
	if err := json.Unmarshal(out, &raw); err != nil {
		t.Fatalf("map -format json: %v\n%s", err, out)
	}
	if len(raw) != 1 || raw["destinations"] == nil {
		t.Fatalf("map -format json: top-level keys %v, want only destinations", keys(raw))
	}
	dests := map[string]mapDest{}
	for _, d := range raw["destinations"] {
		if got := keys(d); !slices.Equal(got, []string{"consumers", "name", "producers", "system"}) {
			t.Errorf("destination keys %v, want consumers, name, producers, system", got)
		}
		var dd mapDest
		var eps [2][]map[string]any
		_ = json.Unmarshal(d["system"], &dd.System)
		_ = json.Unmarshal(d["name"], &dd.Name)
		_ = json.Unmarshal(d["producers"], &eps[0])
		_ = json.Unmarshal(d["consumers"], &eps[1])
		for i, list := range eps {
			for _, e := range list {
				if got := keys(e); !slices.Equal(got, []string{"func", "message", "pos", "status"}) {
					t.Errorf("endpoint keys %v, want func, message, pos, status", got)
				}
				ep := mapEndpoint{Func: e["func"].(string), Pos: e["pos"].(string), Status: e["status"].(string), Message: e["message"].(string)}
				if i == 0 {
					dd.Producers = append(dd.Producers, ep)
				} else {
					dd.Consumers = append(dd.Consumers, ep)
				}
			}
		}
		dests[dd.System+" "+dd.Name] = dd
	}
	return dests
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// mapJSON runs tracewire map -format json in dir.
func (e *env) mapJSON(t *testing.T, dir string) []byte {
	t.Helper()
	stdout, stderr, code := e.run2(t, dir, e.bin, "map", "-format", "json", "./...")
	if code != 0 {
		t.Fatalf("tracewire map: exit status %d\n%s%s", code, stderr, hint(stderr))
	}
	return []byte(stdout)
}

func TestMapDemo(t *testing.T) {
	e := newEnv(t)
	dir := demoCopy(t)
	dests := parseMap(t, e.mapJSON(t, dir))

	// Every finding of producerinject and consumerextract is the status
	// of one producer or consumer of a named destination, in its file.
	stdout, _, _ := e.run2(t, dir, e.bin, "-json", "./...")
	findings := parseJSON(t, []byte(stdout), 0)
	var checked int
	for _, f := range findings {
		var side string
		switch f.analyzer {
		case "producerinject":
			side = "producer"
		case "consumerextract":
			side = "consumer"
		default:
			continue
		}
		checked++
		file := f.file
		if rel, err := filepath.Rel(dir, file); err == nil {
			file = filepath.ToSlash(rel)
		}
		found := false
		for _, d := range dests {
			eps := d.Producers
			if side == "consumer" {
				eps = d.Consumers
			}
			for _, ep := range eps {
				if ep.Status == "broken" && ep.Message == f.message && strings.HasPrefix(ep.Pos, file+":") {
					found = true
					if strings.HasPrefix(d.Name, "(dynamic)") {
						t.Errorf("finding %q: destination not resolved: %s", f.message, d.Name)
					}
				}
			}
		}
		if !found {
			t.Errorf("finding %s: %q is no broken %s of the map", f.file, f.message, side)
		}
	}
	if checked != 6 {
		t.Errorf("%d producerinject and consumerextract findings, want the demo's 6", checked)
	}
	// And nothing else is broken.
	var broken int
	for _, d := range dests {
		for _, ep := range append(append([]mapEndpoint(nil), d.Producers...), d.Consumers...) {
			if ep.Status == "broken" {
				broken++
			}
		}
	}
	if broken != checked {
		t.Errorf("%d broken endpoints, want one per finding (%d)", broken, checked)
	}

	// The demo's destinations, resolved from constants of package events,
	// a string literal, a field's constant, and through fulfillment.Run's
	// topic and handler parameters (given constants in cmd/fulfillment).
	want := map[string]struct {
		producers, consumers []string // "file status"
	}{
		"kafka orders.placed":     {[]string{"orderapi/service.go broken"}, []string{"fulfillment/orders.go broken"}},
		"kafka orders.cancelled":  {[]string{"orderapi/handler.go broken"}, []string{"fulfillment/orders.go propagates"}},
		"kafka payments.taken":    {[]string{"orderapi/service.go propagates"}, []string{"fulfillment/payments.go broken"}},
		"kafka payments.refunded": {[]string{"orderapi/service.go broken"}, nil},
		"kafka notifications":     {[]string{"notifications/notifications.go broken"}, nil},
	}
	if got := keys(dests); !slices.Equal(got, keys(want)) {
		t.Errorf("destinations %v, want %v", got, keys(want))
	}
	for name, w := range want {
		d := dests[name]
		for _, side := range []struct {
			got  []mapEndpoint
			want []string
		}{{d.Producers, w.producers}, {d.Consumers, w.consumers}} {
			var got []string
			for _, ep := range side.got {
				file, _, _ := strings.Cut(ep.Pos, ":")
				got = append(got, file+" "+ep.Status)
			}
			if !slices.Equal(got, side.want) {
				t.Errorf("%s: endpoints %v, want %v", name, got, side.want)
			}
		}
	}

	// The text table and the Mermaid chart of the same map.
	text := e.mustRun(t, dir, e.bin, "map", "./...")
	for _, s := range []string{"orders.placed", "broken by producer and consumer", "(*fulfillment.OrderHandler).ConsumeClaim", "5 destinations, 5 resolved to a name"} {
		if !strings.Contains(text, s) {
			t.Errorf("map text output lacks %q:\n%s", s, text)
		}
	}
	mermaid := e.mustRun(t, dir, e.bin, "map", "-format", "mermaid", "./...")
	if !strings.HasPrefix(mermaid, "flowchart LR\n") || !strings.Contains(mermaid, `d2[("kafka: orders.placed")]`) ||
		!strings.Contains(mermaid, "p_orderapi -. broken .-> d2") || !strings.Contains(mermaid, "d2 -. broken .-> c_fulfillment") ||
		!strings.Contains(mermaid, "p_orderapi --> d4") {
		t.Errorf("mermaid output:\n%s", mermaid)
	}
}

// TestMapMerge maps two modules made of the demo, one with its producers
// and one with its consumers, and merges them.
func TestMapMerge(t *testing.T) {
	e := newEnv(t)
	producers, consumers := demoCopy(t), demoCopy(t)
	for _, rm := range []string{"fulfillment", "cmd/fulfillment"} {
		if err := os.RemoveAll(filepath.Join(producers, rm)); err != nil {
			t.Fatal(err)
		}
	}
	for _, rm := range []string{"orderapi", "notifications", "cmd/orderapi"} {
		if err := os.RemoveAll(filepath.Join(consumers, rm)); err != nil {
			t.Fatal(err)
		}
	}
	tmp := t.TempDir()
	a, b := filepath.Join(tmp, "a.json"), filepath.Join(tmp, "b.json")
	for _, m := range []struct{ dir, file string }{{producers, a}, {consumers, b}} {
		out := e.mapJSON(t, m.dir)
		if err := os.WriteFile(m.file, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pa, pb := parseMap(t, mustRead(t, a)), parseMap(t, mustRead(t, b))
	if d := pa["kafka orders.placed"]; len(d.Producers) != 1 || len(d.Consumers) != 0 {
		t.Fatalf("producers' map: orders.placed = %+v, want one producer and no consumer", d)
	}
	if d := pb["kafka orders.placed"]; len(d.Producers) != 0 || len(d.Consumers) != 1 {
		t.Fatalf("consumers' map: orders.placed = %+v, want one consumer and no producer", d)
	}
	merged := parseMap(t, []byte(e.mustRun(t, tmp, e.bin, "map", "-merge", "-format", "json", a, b)))
	d := merged["kafka orders.placed"]
	if len(d.Producers) != 1 || len(d.Consumers) != 1 ||
		d.Producers[0].Func != "(*orderapi.Service).Place" || d.Consumers[0].Func != "(*fulfillment.OrderHandler).ConsumeClaim" {
		t.Errorf("merged orders.placed = %+v, want the producer of one module and the consumer of the other", d)
	}
	if len(merged) != len(keys(pa)) {
		t.Errorf("merged map has %d destinations (%v), want the producers' %d", len(merged), keys(merged), len(keys(pa)))
	}
	text := e.mustRun(t, tmp, e.bin, "map", "-merge", a, b)
	if !strings.Contains(text, "broken by producer and consumer") {
		t.Errorf("merged text map lacks the end-to-end verdict of orders.placed:\n%s", text)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// chromium returns Debian's chromium. scripts/test.sh installs it; CI
// must have it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium not found: scripts/test.sh installs Debian's chromium package")
	}
	t.Skip("chromium not found: scripts/test.sh installs Debian's chromium package")
	return ""
}

// A browserRun is what headless Chromium made of a page.
type browserRun struct {
	dom     string
	console []string // console messages and uncaught errors
}

// consoleLine matches Chromium's log of a page's console message or
// uncaught exception (--enable-logging=stderr --v=0).
var consoleLine = regexp.MustCompile(`(?i)(:CONSOLE\(\d+\)\]|Uncaught )`)

// browse opens page in headless Chromium: extra selects the output
// (--dump-dom, --screenshot=FILE). Each run has a new profile, no network
// services and no first-run work.
func browse(t *testing.T, bin, page string, extra ...string) browserRun {
	t.Helper()
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0",
		"--window-size=1400,1000", "--hide-scrollbars",
	}
	args = append(append(args, extra...), "file://"+page)
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = t.TempDir()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(extra, " "), err, stderr.String())
	}
	run := browserRun{dom: stdout.String()}
	sc := bufio.NewScanner(&stderr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if consoleLine.MatchString(sc.Text()) {
			run.console = append(run.console, sc.Text())
		}
	}
	return run
}

// TestMapHTML opens the demo's map in headless Chromium: the scripts run
// (the DOM shows the rendered graph and table), nothing is logged to the
// console, and the screenshot shows the graph with its broken edges.
// TRACEWIRE_UPDATE_SCREENSHOT=1 writes the screenshot to
// docs/map-demo.png, which docs/map.md shows.
func TestMapHTML(t *testing.T) {
	bin := chromium(t)
	e := newEnv(t)
	dir := demoCopy(t)
	html := e.mustRun(t, dir, e.bin, "map", "-format", "html", "./...")
	for _, s := range []string{"http://", "https://", "src=\"//"} {
		if strings.Contains(strings.ReplaceAll(html, `xmlns="http://www.w3.org/2000/svg"`, ""), s) {
			t.Errorf("the page refers to the network (%q)", s)
		}
	}
	page := filepath.Join(t.TempDir(), "map.html")
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}

	// The console check sees errors: a page that throws is caught.
	bad := filepath.Join(t.TempDir(), "bad.html")
	if err := os.WriteFile(bad, []byte(`<!DOCTYPE html><html><body><script>console.error("broken on purpose"); undefinedFunction();</script></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := browse(t, bin, bad, "--dump-dom"); len(r.console) == 0 {
		t.Fatalf("a page that logs an error and throws shows no console lines: the console check sees nothing")
	}

	r := browse(t, bin, page, "--dump-dom")
	if len(r.console) > 0 {
		t.Errorf("console messages on the map page:\n%s", strings.Join(r.console, "\n"))
	}
	// 2 producing packages, 5 destinations, 1 consuming package, 8 edges; 8 sites.
	if want := `data-rendered="8 edges, 8 nodes, 8 rows"`; !strings.Contains(r.dom, want) {
		t.Errorf("the page's script did not render (want %s in the DOM):\n%s", want, r.dom)
	}
	if n := strings.Count(r.dom, `<a href="#f`); n != 6 {
		t.Errorf("%d broken edges link to a finding, want 6", n)
	}

	shot := filepath.Join(t.TempDir(), "map.png")
	r = browse(t, bin, page, "--screenshot="+shot)
	if len(r.console) > 0 {
		t.Errorf("console messages on the map page:\n%s", strings.Join(r.console, "\n"))
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(f)
	_ = f.Close()
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	// The graph is drawn: red (broken edges and destinations), green
	// (propagating edges) and the nodes' blue and amber fills.
	var red, green, fills, total int
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			total++
			switch {
			case r > 190 && g < 60 && bl < 60:
				red++
			case r < 90 && g > 100 && g < 150 && bl < 90:
				green++
			case r > 220 && g > 230 && bl > 250 && r < 240, r > 250 && g > 240 && bl > 215 && bl < 235:
				fills++
			}
		}
	}
	t.Logf("screenshot %dx%d: %d red, %d green, %d node-fill pixels", b.Dx(), b.Dy(), red, green, fills)
	if red < 500 || green < 200 || fills < 5000 {
		t.Errorf("the screenshot does not show the graph: %d red, %d green, %d node-fill pixels of %d", red, green, fills, total)
	}
	if os.Getenv("TRACEWIRE_UPDATE_SCREENSHOT") != "" {
		data, err := os.ReadFile(shot)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("../../docs/map-demo.png", data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

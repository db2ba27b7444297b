package tracemap

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

var renderers = map[string]func(io.Writer, *Map) error{
	"text":    Text,
	"json":    JSON,
	"mermaid": Mermaid,
	"html":    HTML,
}

// JSON writes m as {"destinations": [...]}.
func JSON(w io.Writer, m *Map) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// Text writes m as a plain table: a line per destination with its
// verdict, then its producers and consumers.
func Text(w io.Writer, m *Map) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	_, _ = fmt.Fprintln(tw, "SYSTEM\tDESTINATION\tSIDE\tFUNC\tPOSITION\tSTATUS")
	for _, d := range m.Destinations {
		_, _ = fmt.Fprintf(tw, "%s\t%s\t\t\t\t%s\n", d.System, d.Name, d.Verdict())
		for _, side := range []struct {
			name string
			es   []*Endpoint
		}{{"producer", d.Producers}, {"consumer", d.Consumers}} {
			for _, e := range side.es {
				status := e.Status
				if e.Status == Broken || e.Status == NoContext {
					status += ": " + e.Message
				}
				_, _ = fmt.Fprintf(tw, "\t\t%s\t%s\t%s\t%s\n", side.name, e.Func, e.Pos, status)
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	named, total := m.Resolved()
	_, err := fmt.Fprintf(w, "%d destinations, %d resolved to a name\n", total, named)
	return err
}

// pkgOf returns the package name a map's function name starts with:
// "orderapi" of "(*orderapi.Service).Place" and of "orderapi.Publish".
func pkgOf(fn string) string {
	s := strings.TrimLeft(fn, "(*")
	if i := strings.Index(s, "."); i >= 0 {
		return s[:i]
	}
	return s
}

// A graph is the map as nodes and edges: producing packages ->
// destinations -> consuming packages.
type graph struct {
	producers, consumers []string // package names
	dests                []*Destination
	edges                []edge
}

type edge struct {
	from, to string // node ids
	status   string // the worst status of the endpoints it stands for
	finding  int    // the index of its first finding in the table, or -1
}

var severity = map[string]int{Propagates: 0, Links: 0, Instrumented: 0, NoContext: 1, Broken: 2}

func newGraph(m *Map, findingIndex func(*Endpoint) int) *graph {
	g := &graph{dests: m.Destinations}
	seenP, seenC := map[string]bool{}, map[string]bool{}
	type ek struct{ from, to string }
	edges := map[ek]*edge{}
	var order []ek
	add := func(from, to string, e *Endpoint) {
		k := ek{from, to}
		x := edges[k]
		if x == nil {
			x = &edge{from: from, to: to, status: e.Status, finding: -1}
			edges[k] = x
			order = append(order, k)
		}
		if severity[e.Status] > severity[x.status] {
			x.status = e.Status
			x.finding = -1
		}
		if x.finding < 0 && severity[e.Status] > 0 {
			x.finding = findingIndex(e)
		}
	}
	for i, d := range m.Destinations {
		did := fmt.Sprintf("d%d", i)
		for _, p := range d.Producers {
			pkg := pkgOf(p.Func)
			if !seenP[pkg] {
				seenP[pkg] = true
				g.producers = append(g.producers, pkg)
			}
			add("p_"+pkg, did, p)
		}
		for _, c := range d.Consumers {
			pkg := pkgOf(c.Func)
			if !seenC[pkg] {
				seenC[pkg] = true
				g.consumers = append(g.consumers, pkg)
			}
			add(did, "c_"+pkg, c)
		}
	}
	sort.Strings(g.producers)
	sort.Strings(g.consumers)
	for _, k := range order {
		g.edges = append(g.edges, *edges[k])
	}
	return g
}

// Mermaid writes m as a Mermaid flowchart: producing packages ->
// destinations -> consuming packages; an edge that breaks the trace is
// dotted, labelled with its status and drawn red.
func Mermaid(w io.Writer, m *Map) error {
	g := newGraph(m, func(*Endpoint) int { return 0 })
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for _, p := range g.producers {
		fmt.Fprintf(&b, "  p_%s[\"%s\"]\n", mermaidID(p), mermaidText(p))
	}
	for i, d := range g.dests {
		fmt.Fprintf(&b, "  d%d[(\"%s: %s\")]\n", i, mermaidText(d.System), mermaidText(d.Name))
	}
	for _, c := range g.consumers {
		fmt.Fprintf(&b, "  c_%s[\"%s\"]\n", mermaidID(c), mermaidText(c))
	}
	var red []int
	for i, e := range g.edges {
		from, to := mermaidNode(e.from), mermaidNode(e.to)
		if severity[e.status] > 0 {
			fmt.Fprintf(&b, "  %s -. %s .-> %s\n", from, e.status, to)
			red = append(red, i)
		} else {
			fmt.Fprintf(&b, "  %s --> %s\n", from, to)
		}
	}
	for i, d := range g.dests {
		if strings.HasPrefix(d.Verdict(), "broken") {
			fmt.Fprintf(&b, "  class d%d broken\n", i)
		}
	}
	b.WriteString("  classDef broken stroke:#d00,stroke-width:2px\n")
	if len(red) > 0 {
		var ids []string
		for _, i := range red {
			ids = append(ids, fmt.Sprint(i))
		}
		fmt.Fprintf(&b, "  linkStyle %s stroke:#d00,stroke-width:2px\n", strings.Join(ids, ","))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mermaidNode(id string) string {
	if strings.HasPrefix(id, "p_") || strings.HasPrefix(id, "c_") {
		return id[:2] + mermaidID(id[2:])
	}
	return id
}

// mermaidID makes a node id of a package name.
func mermaidID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteString("_")
		}
	}
	return b.String()
}

// mermaidText escapes text inside a quoted Mermaid label.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;").Replace(s)
}

// row is one line of the HTML page's table.
type row struct {
	ID                          string
	System, Dest, Verdict, Side string
	Func, Pos, Status, Message  string
	Bad                         bool
}

// svg is the HTML page's graph, laid out in three columns.
type svg struct {
	Width, Height int
	Nodes         []svgNode
	Edges         []svgEdge
}

type svgNode struct {
	X, Y, W, H int
	Label      string
	Title      string
	Dest, Bad  bool
}

type svgEdge struct {
	Path, Status, Href string
	Bad                bool
}

const (
	colW, nodeH, gapY, padY = 260, 34, 18, 20
)

func layout(g *graph, m *Map) svg {
	cols := [3][]svgNode{}
	pos := map[string][2]int{} // id -> column, row
	for i, p := range g.producers {
		cols[0] = append(cols[0], svgNode{Label: p, Title: "package " + p})
		pos["p_"+p] = [2]int{0, i}
	}
	for i, d := range m.Destinations {
		cols[1] = append(cols[1], svgNode{Label: d.System + ": " + d.Name, Title: d.Verdict(), Dest: true, Bad: strings.HasPrefix(d.Verdict(), "broken")})
		pos[fmt.Sprintf("d%d", i)] = [2]int{1, i}
	}
	for i, c := range g.consumers {
		cols[2] = append(cols[2], svgNode{Label: c, Title: "package " + c})
		pos["c_"+c] = [2]int{2, i}
	}
	rows := max(len(cols[0]), len(cols[1]), len(cols[2]), 1)
	s := svg{Width: 3*colW + 2*140 + 40, Height: 2*padY + rows*(nodeH+gapY)}
	x := func(col int) int { return 20 + col*(colW+140) }
	y := func(col, r int) int {
		n := len(cols[col])
		off := (rows - n) * (nodeH + gapY) / 2
		return padY + off + r*(nodeH+gapY)
	}
	for c := range cols {
		for r, n := range cols[c] {
			n.X, n.Y, n.W, n.H = x(c), y(c, r), colW, nodeH
			s.Nodes = append(s.Nodes, n)
		}
	}
	for _, e := range g.edges {
		a, b := pos[e.from], pos[e.to]
		x1, y1 := x(a[0])+colW, y(a[0], a[1])+nodeH/2
		x2, y2 := x(b[0]), y(b[0], b[1])+nodeH/2
		se := svgEdge{
			Path:   fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", x1, y1, x1+70, y1, x2-70, y2, x2, y2),
			Status: e.status, Bad: severity[e.status] > 0,
		}
		if se.Bad && e.finding >= 0 {
			se.Href = fmt.Sprintf("#f%d", e.finding)
		}
		s.Edges = append(s.Edges, se)
	}
	return s
}

// HTML writes m as one self-contained page: the graph (inline SVG, each
// broken edge a link to its finding in the table) and a sortable table.
// It loads nothing from the network.
func HTML(w io.Writer, m *Map) error {
	var rows []row
	index := map[*Endpoint]int{}
	for _, d := range m.Destinations {
		for _, side := range []struct {
			name string
			es   []*Endpoint
		}{{"producer", d.Producers}, {"consumer", d.Consumers}} {
			for _, e := range side.es {
				if _, ok := index[e]; !ok {
					index[e] = len(rows)
				}
				rows = append(rows, row{
					ID: fmt.Sprintf("f%d", len(rows)), System: d.System, Dest: d.Name, Verdict: d.Verdict(), Side: side.name,
					Func: e.Func, Pos: e.Pos, Status: e.Status, Message: e.Message, Bad: severity[e.Status] > 0,
				})
			}
		}
	}
	g := newGraph(m, func(e *Endpoint) int { return index[e] })
	named, total := m.Resolved()
	return page.Execute(w, struct {
		Graph         svg
		Rows          []row
		Named, Total  int
		Broken, Dests int
	}{layout(g, m), rows, named, total, countBroken(m), len(m.Destinations)})
}

func countBroken(m *Map) int {
	n := 0
	for _, d := range m.Destinations {
		if strings.HasPrefix(d.Verdict(), "broken") {
			n++
		}
	}
	return n
}

var page = template.Must(template.New("map").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>tracewire propagation map</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 20px; color: #222; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
p.summary { margin: 0 0 12px; color: #555; }
svg { border: 1px solid #ddd; background: #fafafa; max-width: 100%; height: auto; }
.node rect { fill: #e8f0fe; stroke: #4a6fa5; stroke-width: 1.5; rx: 6; }
.node.dest rect { fill: #fff8e1; stroke: #b08000; }
.node.bad rect { stroke: #d00; stroke-width: 2.5; }
.node text { font-size: 13px; fill: #222; }
path.edge { fill: none; stroke: #3a7d44; stroke-width: 2.5; }
path.edge.bad { stroke: #d00; stroke-dasharray: 7 4; }
a:hover path.edge { stroke-width: 4.5; }
table { border-collapse: collapse; margin-top: 16px; width: 100%; }
th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; cursor: pointer; user-select: none; }
th.asc::after { content: " \25B2"; } th.desc::after { content: " \25BC"; }
tr.bad td.status { color: #d00; font-weight: bold; }
tr:target { background: #ffecec; }
td.msg { font-size: 12px; color: #444; min-width: 320px; }
td code { overflow-wrap: anywhere; }
.legend span { margin-right: 16px; }
</style>
</head>
<body>
<h1>Propagation map</h1>
<p class="summary">{{.Dests}} destinations ({{.Named}} of {{.Total}} resolved to a name), {{.Broken}} broken. <span class="legend"><span style="color:#3a7d44">&#9472;&#9472; propagates</span><span style="color:#d00">- - - breaks the trace (click: the finding)</span></span></p>
<svg id="graph" xmlns="http://www.w3.org/2000/svg" width="{{.Graph.Width}}" height="{{.Graph.Height}}" viewBox="0 0 {{.Graph.Width}} {{.Graph.Height}}">
{{range .Graph.Edges}}{{if .Href}}<a href="{{.Href}}"><path class="edge bad" d="{{.Path}}"><title>{{.Status}}</title></path></a>{{else}}<path class="edge{{if .Bad}} bad{{end}}" d="{{.Path}}"><title>{{.Status}}</title></path>{{end}}
{{end}}{{range .Graph.Nodes}}<g class="node{{if .Dest}} dest{{end}}{{if .Bad}} bad{{end}}"><title>{{.Title}}</title><rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}"></rect><text x="{{.X}}" y="{{.Y}}" dx="10" dy="22">{{.Label}}</text></g>
{{end}}</svg>
<table id="sites">
<thead><tr><th>system</th><th>destination</th><th>verdict</th><th>side</th><th>function</th><th>position</th><th>status</th><th>message</th></tr></thead>
<tbody>
{{range .Rows}}<tr id="{{.ID}}"{{if .Bad}} class="bad"{{end}}><td>{{.System}}</td><td>{{.Dest}}</td><td>{{.Verdict}}</td><td>{{.Side}}</td><td><code>{{.Func}}</code></td><td><code>{{.Pos}}</code></td><td class="status">{{.Status}}</td><td class="msg">{{.Message}}</td></tr>
{{end}}</tbody>
</table>
<script>
(function () {
  "use strict";
  var table = document.getElementById("sites");
  var heads = table.tHead.rows[0].cells;
  function sortBy(col) {
    var th = heads[col], asc = !th.classList.contains("asc");
    for (var i = 0; i < heads.length; i++) { heads[i].classList.remove("asc", "desc"); }
    th.classList.add(asc ? "asc" : "desc");
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].textContent, y = b.cells[col].textContent;
      return (asc ? 1 : -1) * x.localeCompare(y, undefined, {numeric: true});
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  for (var i = 0; i < heads.length; i++) {
    heads[i].addEventListener("click", sortBy.bind(null, i));
  }
  // Fit each label in its box.
  var texts = document.querySelectorAll("#graph .node text");
  texts.forEach(function (t) {
    var rect = t.previousElementSibling, w = rect.width.baseVal.value - 16, s = t.textContent;
    while (s.length > 4 && t.getComputedTextLength() > w) { s = s.slice(0, -2); t.textContent = s + "\u2026"; }
  });
  document.body.setAttribute("data-rendered", document.querySelectorAll("#graph path.edge").length + " edges, " + texts.length + " nodes, " + table.tBodies[0].rows.length + " rows");
})();
</script>
</body>
</html>
`))

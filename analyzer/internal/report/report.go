// Package report is tracewire's single reporting chokepoint. Checks describe
// a finding and the code a fix inserts or replaces; report turns that into
// an analysis.Diagnostic with exactly one SuggestedFix, adds the imports the
// fix needs (gofmt-sorted into the existing import block), picks names that
// collide with nothing, and drops findings in generated files.
package report

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer/internal/gomod"
	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
)

// A Reporter reports the findings of one pass.
type Reporter struct {
	pass      *analysis.Pass
	generated map[*ast.File]bool
	// imported records the name under which fixes import a path into a
	// file, so that every fix in the file adds the same import (identical
	// edits merge when several fixes are applied together).
	imported map[fileImport]string
}

type fileImport struct {
	file *ast.File
	path string
}

// New returns a Reporter for pass.
func New(pass *analysis.Pass) *Reporter {
	r := &Reporter{pass: pass, generated: map[*ast.File]bool{}, imported: map[fileImport]string{}}
	for _, f := range pass.Files {
		r.generated[f] = ast.IsGenerated(f)
	}
	return r
}

// Generated reports whether f is a generated file; findings there are
// dropped.
func (r *Reporter) Generated(f *ast.File) bool { return r.generated[f] }

// File returns the file containing pos.
func (r *Reporter) File(pos token.Pos) *ast.File {
	for _, f := range r.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// Report reports a finding on node with an optional fix.
func (r *Reporter) Report(node ast.Node, message string, fix *Fix) {
	f := r.File(node.Pos())
	if f == nil || r.generated[f] {
		return
	}
	d := analysis.Diagnostic{Pos: node.Pos(), End: node.End(), Message: message}
	if fix != nil {
		if sf, ok := fix.build(); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{sf}
		}
	}
	r.pass.Report(d)
}

// Names hands out fresh identifiers within one function, so that several
// fixes applied together never declare the same name twice.
type Names struct {
	used map[string]bool
}

// NewNames reserves every identifier spelled anywhere in root.
func NewNames(root ast.Node) *Names {
	n := &Names{used: map[string]bool{}}
	ast.Inspect(root, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok {
			n.used[id.Name] = true
		}
		return true
	})
	return n
}

// A Fix is a suggested fix under construction.
type Fix struct {
	r       *Reporter
	file    *ast.File
	at      token.Pos // position whose scope new names must not shadow
	names   *Names
	message string
	edits   []analysis.TextEdit
	imports map[string]string // path -> local name, for imports to add
	err     error
}

// NewFix starts a fix whose code is inserted at pos, drawing fresh names
// from names.
func (r *Reporter) NewFix(message string, pos token.Pos, names *Names) *Fix {
	return &Fix{r: r, file: r.File(pos), at: pos, names: names, message: message, imports: map[string]string{}}
}

// Fail abandons the fix: the finding is reported without one.
func (f *Fix) Fail(format string, args ...any) {
	if f.err == nil {
		f.err = fmt.Errorf(format, args...)
	}
}

func (f *Fix) taken(name string) bool {
	if f.names.used[name] {
		return true
	}
	if s := f.r.pass.Pkg.Scope().Innermost(f.at); s != nil {
		if _, obj := s.LookupParent(name, f.at); obj != nil {
			return true
		}
	}
	return false
}

// Fresh returns a name based on base that is unused in the function and
// unbound at the fix position, and reserves it.
func (f *Fix) Fresh(base string) string {
	name := base
	for i := 2; f.taken(name); i++ {
		name = base + strconv.Itoa(i)
	}
	f.names.used[name] = true
	return name
}

// Import returns the name by which the file refers to the package path,
// adding an import if the file lacks one. pkgName is the package's own name.
func (f *Fix) Import(path, pkgName string) string {
	if f.file == nil {
		f.Fail("no file")
		return pkgName
	}
	for _, spec := range f.file.Imports {
		p, _ := strconv.Unquote(spec.Path.Value)
		if p != path {
			continue
		}
		if spec.Name == nil {
			return pkgName
		}
		if n := spec.Name.Name; n != "_" && n != "." {
			return n
		}
	}
	if name, ok := f.imports[path]; ok {
		return orDefault(name, pkgName)
	}
	key := fileImport{f.file, path}
	name, ok := f.r.imported[key]
	if !ok {
		name = pkgName
		for i := 2; f.taken(name) || f.fileScopeTaken(name); i++ {
			name = pkgName + strconv.Itoa(i)
		}
		f.r.imported[key] = name
	} else if f.taken(name) {
		f.Fail("import name %s is shadowed here", name)
	}
	if name == pkgName {
		f.imports[path] = ""
	} else {
		f.imports[path] = name
	}
	return name
}

// Imports reports whether the fixed file imports path already.
func (f *Fix) Imports(path string) bool {
	if f.file == nil {
		return false
	}
	for _, spec := range f.file.Imports {
		if p, _ := strconv.Unquote(spec.Path.Value); p == path {
			return true
		}
	}
	return false
}

// Type spells t in the fixed file, importing the packages it names. A
// type that names an internal package of another module, or an
// unexported type of another package, cannot be spelled: the fix fails.
func (f *Fix) Type(t types.Type) string {
	self := f.r.pass.Pkg
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != self && !n.Obj().Exported() {
		f.Fail("type %s cannot be spelled here", t)
	}
	return types.TypeString(t, func(p *types.Package) string {
		if p == self {
			return ""
		}
		return f.Import(p.Path(), p.Name())
	})
}

func orDefault(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

func (f *Fix) fileScopeTaken(name string) bool {
	if s := f.r.pass.TypesInfo.Scopes[f.file]; s != nil && s.Lookup(name) != nil {
		return true
	}
	return f.r.pass.Pkg.Scope().Lookup(name) != nil
}

// InsertBefore inserts lines of code before stmt, at its indentation. A
// line's leading tabs are kept, relative to that indentation.
func (f *Fix) InsertBefore(stmt ast.Node, lines ...string) {
	indent, ok := f.indentOf(stmt.Pos())
	if !ok {
		f.Fail("statement does not start its line")
		return
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l)
		b.WriteString("\n")
		b.WriteString(indent)
	}
	f.edits = append(f.edits, analysis.TextEdit{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte(b.String())})
}

// InsertAt inserts text at pos.
func (f *Fix) InsertAt(pos token.Pos, text string) {
	f.edits = append(f.edits, analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)})
}

// Replace replaces node's text.
func (f *Fix) Replace(node ast.Node, text string) {
	f.edits = append(f.edits, analysis.TextEdit{Pos: node.Pos(), End: node.End(), NewText: []byte(text)})
}

// Source returns the source text of node.
func (f *Fix) Source(node ast.Node) string {
	content, tf := f.content(node.Pos())
	if content == nil {
		f.Fail("no source")
		return ""
	}
	return string(content[tf.Offset(node.Pos()):tf.Offset(node.End())])
}

// Indent returns the indentation of the line holding pos.
func (f *Fix) Indent(pos token.Pos) string {
	s, _ := f.indentOf(pos)
	return s
}

func (f *Fix) content(pos token.Pos) ([]byte, *token.File) {
	tf := f.r.pass.Fset.File(pos)
	if tf == nil {
		return nil, nil
	}
	content, err := f.r.pass.ReadFile(tf.Name())
	if err != nil {
		return nil, nil
	}
	return content, tf
}

func (f *Fix) indentOf(pos token.Pos) (string, bool) {
	content, tf := f.content(pos)
	if content == nil {
		return "", false
	}
	off := tf.Offset(pos)
	start := bytes.LastIndexByte(content[:off], '\n') + 1
	prefix := content[start:off]
	if len(bytes.TrimLeft(prefix, " \t")) != 0 {
		return "", false
	}
	return string(prefix), true
}

func (f *Fix) build() (analysis.SuggestedFix, bool) {
	if f.err != nil {
		return analysis.SuggestedFix{}, false
	}
	edits := append([]analysis.TextEdit(nil), f.edits...)
	edits = append(edits, f.importEdits()...)
	if f.err != nil {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{Message: f.message, TextEdits: edits}, true
}

type newImport struct{ path, name string }

func (n newImport) text() string {
	if n.name != "" {
		return n.name + " " + strconv.Quote(n.path)
	}
	return strconv.Quote(n.path)
}

// importEdits adds the new imports where gofmt would keep them: sorted into
// the last import group that holds non-standard packages.
func (f *Fix) importEdits() []analysis.TextEdit {
	if len(f.imports) == 0 {
		return nil
	}
	var adds []newImport
	for p, n := range f.imports {
		adds = append(adds, newImport{p, n})
	}
	sort.Slice(adds, func(i, j int) bool { return adds[i].path < adds[j].path })

	var decl *ast.GenDecl
	for _, d := range f.file.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			decl = g
		}
	}
	if decl == nil {
		var b strings.Builder
		b.WriteString("\n\nimport (\n")
		for _, a := range adds {
			b.WriteString("\t" + a.text() + "\n")
		}
		b.WriteString(")")
		return []analysis.TextEdit{{Pos: f.file.Name.End(), End: f.file.Name.End(), NewText: []byte(b.String())}}
	}
	if !decl.Lparen.IsValid() {
		spec := decl.Specs[0].(*ast.ImportSpec)
		all := []string{f.Source(spec)}
		for _, a := range adds {
			all = append(all, a.text())
		}
		sort.Slice(all, func(i, j int) bool { return importPath(all[i]) < importPath(all[j]) })
		return []analysis.TextEdit{{Pos: spec.Pos(), End: spec.End(), NewText: []byte("(\n\t" + strings.Join(all, "\n\t") + "\n)")}}
	}
	// Split the block into groups separated by blank lines.
	var groups [][]*ast.ImportSpec
	lastLine := -10
	for _, s := range decl.Specs {
		spec := s.(*ast.ImportSpec)
		line := f.r.pass.Fset.Position(spec.Pos()).Line
		if line > lastLine+1 || len(groups) == 0 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], spec)
		lastLine = f.r.pass.Fset.Position(spec.End()).Line
	}
	// Standard-library imports (context, under -strict) go to the first
	// group holding the standard library; others to their closest group.
	var std, other []newImport
	for _, a := range adds {
		if isStd(a.path) {
			std = append(std, a)
		} else {
			other = append(other, a)
		}
	}
	var edits []analysis.TextEdit
	if len(std) > 0 {
		for _, g := range groups {
			if p, _ := strconv.Unquote(g[0].Path.Value); isStd(p) {
				edits = append(edits, f.groupEdits(g, std)...)
				std = nil
				break
			}
		}
		other = append(other, std...) // no standard group: treat as others
	}
	if len(other) == 0 {
		return edits
	}
	adds = other
	group := chooseGroup(groups, adds[0].path, f.r.pass.Pkg.Path())
	if group == nil {
		// Only standard-library imports: start a new group at the end.
		var b strings.Builder
		b.WriteString("\n")
		for _, a := range adds {
			b.WriteString("\n\t" + a.text())
		}
		last := decl.Specs[len(decl.Specs)-1]
		return append(edits, analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte(b.String())})
	}
	return append(edits, f.groupEdits(group, adds)...)
}

func isStd(path string) bool {
	return !strings.Contains(strings.SplitN(path, "/", 2)[0], ".")
}

// groupEdits inserts adds into group, sorted.
func (f *Fix) groupEdits(group []*ast.ImportSpec, adds []newImport) []analysis.TextEdit {
	indent := f.Indent(group[0].Pos())
	byPos := map[token.Pos][]string{}
	var order []token.Pos
	for _, a := range adds {
		pos, before := group[len(group)-1].End(), false
		for _, s := range group {
			if p, _ := strconv.Unquote(s.Path.Value); p > a.path {
				pos, before = s.Pos(), true
				break
			}
		}
		text := "\n" + indent + a.text()
		if before {
			text = a.text() + "\n" + indent
		}
		if _, ok := byPos[pos]; !ok {
			order = append(order, pos)
		}
		byPos[pos] = append(byPos[pos], text)
	}
	var edits []analysis.TextEdit
	for _, pos := range order {
		edits = append(edits, analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(strings.Join(byPos[pos], ""))})
	}
	return edits
}

// chooseGroup picks the import group a new third-party import belongs in:
// the non-standard group sharing the longest path prefix with it, preferring
// groups other than the module's own packages, and the last on ties. It
// returns nil when every group holds only standard-library imports.
func chooseGroup(groups [][]*ast.ImportSpec, path, self string) []*ast.ImportSpec {
	var best []*ast.ImportSpec
	bestScore := -1
	for _, g := range groups {
		nonStd, local := false, true
		score := 0
		for _, s := range g {
			p, _ := strconv.Unquote(s.Path.Value)
			if !strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
				local = false
				continue
			}
			nonStd = true
			if commonSegments(p, self) == 0 {
				local = false
			}
			score = max(score, commonSegments(p, path))
		}
		if !nonStd {
			continue
		}
		if !local {
			score += 1000 // a third-party group beats the module's own
		}
		if score >= bestScore {
			best, bestScore = g, score
		}
	}
	return best
}

func commonSegments(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	return n
}

func importPath(spec string) string {
	if i := strings.IndexByte(spec, '"'); i >= 0 {
		return spec[i:]
	}
	return spec
}

// InsertionPoint returns the statement before which code for node can be
// inserted: the innermost ancestor that is an element of a statement list.
// stack holds node's ancestors, outermost first.
func InsertionPoint(stack []ast.Node, node ast.Node) ast.Stmt {
	child := node
	for i := len(stack) - 1; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.BlockStmt:
			if s, ok := child.(ast.Stmt); ok && inList(p.List, s) {
				switch s.(type) {
				case *ast.CaseClause, *ast.CommClause:
				default:
					return s
				}
			}
		case *ast.CaseClause:
			if s, ok := child.(ast.Stmt); ok && inList(p.Body, s) {
				return s
			}
		case *ast.CommClause:
			if s, ok := child.(ast.Stmt); ok && inList(p.Body, s) {
				return s
			}
		}
		child = stack[i]
	}
	return nil
}

func inList(list []ast.Stmt, s ast.Stmt) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Visible reports whether obj is what its name denotes at pos in pkg.
func Visible(pkg *types.Package, obj types.Object, pos token.Pos) bool {
	s := pkg.Scope().Innermost(pos)
	if s == nil {
		return false
	}
	_, found := s.LookupParent(obj.Name(), pos)
	return found == obj
}

// Guard runs an analyzer's body and turns a panic into an error naming the
// analyzer and package, so that one bug costs one package's findings
// instead of the whole run. Tests still see it: analysistest fails on
// analyzer errors.
func Guard(pass *analysis.Pass, body func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error in %s on package %s (please report it): %v\n%s",
				pass.Analyzer.Name, pass.Pkg.Path(), p, debug.Stack())
		}
	}()
	return body()
}

// AllVisible reports whether every variable, constant, type or function
// that expr refers to, other than package-level ones, is visible at pos:
// code moved to pos (a hoisted message literal) must not lose a name
// declared in between (in an if or for header, say).
func AllVisible(pkg *types.Package, info *types.Info, expr ast.Expr, pos token.Pos) bool {
	ok := true
	ast.Inspect(expr, func(n ast.Node) bool {
		id, isIdent := n.(*ast.Ident)
		if !isIdent || !ok {
			return ok
		}
		obj := info.Uses[id]
		if obj == nil || obj.Pkg() != pkg || obj.Parent() == pkg.Scope() || obj.Parent() == nil {
			return true // package-level, imported, field or method names
		}
		if _, isField := obj.(*types.Var); isField && obj.(*types.Var).IsField() {
			return true
		}
		if !Visible(pkg, obj, pos) {
			ok = false
		}
		return ok
	})
	return ok
}

// FirstCall reports whether evaluating expr first (hoisting it into a
// variable before stmt) keeps the order of calls: expr calls nothing, or no
// call in stmt, other than those enclosing expr, starts before it.
func FirstCall(stmt ast.Stmt, expr ast.Expr) bool {
	calls := false
	ast.Inspect(expr, func(n ast.Node) bool {
		if _, isCall := n.(*ast.CallExpr); isCall {
			calls = true
		}
		_, isLit := n.(*ast.FuncLit)
		return !calls && !isLit
	})
	if !calls {
		return true // evaluating expr earlier calls nothing
	}
	ok := true
	ast.Inspect(stmt, func(n ast.Node) bool {
		if n == nil || !ok {
			return false
		}
		if _, isLit := n.(*ast.FuncLit); isLit {
			return false
		}
		if call, isCall := n.(*ast.CallExpr); isCall && call.Pos() < expr.Pos() && call.End() <= expr.Pos() {
			ok = false
		}
		return true
	})
	return ok
}

// OTelImportable reports whether a fix may import OpenTelemetry's otel and
// propagation packages in pkg: propagation is in the package's build
// already, or the module's go.mod requires go.opentelemetry.io/otel
// directly, or requires it // indirect while the build reaches another
// package of that module (otel/trace's use of otel/attribute), so that
// go.sum holds the module at the version the build uses.
func OTelImportable(pkg *types.Package, mod *gomod.Module) bool {
	const prop = knowledge.OTelPrefix + "/propagation"
	if knowledge.Reaches(pkg, prop) {
		return true
	}
	if mod == nil {
		return false
	}
	if mod.Direct[knowledge.OTelPrefix] {
		return true
	}
	return mod.Listed[knowledge.OTelPrefix] && (knowledge.Reaches(pkg, knowledge.OTelPrefix+"/attribute") || knowledge.Reaches(pkg, knowledge.OTelPrefix+"/codes"))
}

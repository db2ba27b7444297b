package analyzer_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The checklists of docs/design.md ("Adding a client", "Adding an
// analyzer", "Adding an option") stay true: every file they name exists,
// every test they name is a test of the module, and every Go name they
// give (Name, or Type.Member, or pkg.Name) is declared in the module's code.
func TestChecklists(t *testing.T) {
	root := ".."
	data, err := os.ReadFile(filepath.Join(root, "docs", "design.md"))
	if err != nil {
		t.Fatal(err)
	}
	var text string
	for _, title := range []string{"## Adding a client\n", "## Adding an analyzer\n", "## Adding an option\n"} {
		_, rest, ok := strings.Cut(string(data), title)
		if !ok {
			t.Errorf("docs/design.md: no section %q", strings.TrimSpace(title))
			continue
		}
		if i := strings.Index(rest, "\n## "); i >= 0 {
			rest = rest[:i]
		}
		text += rest
	}
	d := declarations(t, root)
	ident := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	checked := 0
	for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(text, -1) {
		tok := m[1]
		switch {
		case strings.ContainsAny(tok, " <(#*&\"") || strings.HasPrefix(tok, "-") || strings.HasPrefix(tok, "."):
			continue // code, a placeholder or a flag: not a name
		case strings.Contains(tok, "/") || regexp.MustCompile(`\.(go|md|sh|mod|sum)$`).MatchString(tok):
			if !d.file(root, tok) {
				t.Errorf("docs/design.md checklists: file %s does not exist", tok)
			}
		case strings.HasPrefix(tok, "Test") && ident.MatchString(tok):
			if !d.tests[tok] {
				t.Errorf("docs/design.md checklists: no test %s", tok)
			}
		case ident.MatchString(tok):
			if !d.any[tok] {
				t.Errorf("docs/design.md checklists: nothing is named %s", tok)
			}
		default:
			a, b, ok := strings.Cut(tok, ".")
			if !ok || !ident.MatchString(a) || !ident.MatchString(b) {
				t.Errorf("docs/design.md checklists: cannot check %q", tok)
				continue
			}
			if !d.members[a][b] {
				t.Errorf("docs/design.md checklists: %s has no %s", a, b)
			}
		}
		checked++
	}
	if checked < 40 {
		t.Errorf("only %d names checked: the checklists lost their names, or this test its reading", checked)
	}
}

type decls struct {
	any     map[string]bool            // every declared name: top level, fields, methods
	members map[string]map[string]bool // type or package name -> its fields, methods or declarations
	tests   map[string]bool
	files   map[string]bool // base names of the module's files
}

func (d *decls) add(outer, name string) {
	d.any[name] = true
	if d.members[outer] == nil {
		d.members[outer] = map[string]bool{}
	}
	d.members[outer][name] = true
}

// file reports whether the module has the file path (relative to root) or,
// for a bare name, a file of that name.
func (d *decls) file(root, path string) bool {
	if !strings.Contains(path, "/") {
		return d.files[path]
	}
	_, err := os.Stat(filepath.Join(root, strings.TrimSuffix(path, "/")))
	return err == nil
}

// declarations reads the declarations of the module's Go files (testdata
// excluded, except its file names).
func declarations(t *testing.T, root string) *decls {
	d := &decls{any: map[string]bool{}, members: map[string]map[string]bool{}, tests: map[string]bool{}, files: map[string]bool{}}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if e.Name() == ".git" || e.Name() == "node_modules" || e.Name() == "out" {
				return filepath.SkipDir
			}
			return nil
		}
		d.files[e.Name()] = true
		if !strings.HasSuffix(path, ".go") || strings.Contains(path, "testdata") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		pkg := f.Name.Name
		d.any[pkg] = true
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if decl.Recv != nil {
					d.add(recvName(decl.Recv.List[0].Type), decl.Name.Name)
					continue
				}
				d.add(pkg, decl.Name.Name)
				if strings.HasPrefix(decl.Name.Name, "Test") && strings.HasSuffix(path, "_test.go") {
					d.tests[decl.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					switch spec := spec.(type) {
					case *ast.TypeSpec:
						d.add(pkg, spec.Name.Name)
						var fields *ast.FieldList
						switch ty := spec.Type.(type) {
						case *ast.StructType:
							fields = ty.Fields
						case *ast.InterfaceType:
							fields = ty.Methods
						}
						if fields != nil {
							for _, fl := range fields.List {
								for _, n := range fl.Names {
									d.add(spec.Name.Name, n.Name)
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range spec.Names {
							d.add(pkg, n.Name)
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func recvName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvName(e.X)
	case *ast.IndexExpr:
		return recvName(e.X)
	case *ast.Ident:
		return e.Name
	}
	return ""
}

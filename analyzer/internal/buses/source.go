package buses

import (
	"errors"
	"fmt"
	"go/types"
	"sort"
	"strings"
	"sync"

	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
)

// A Source is where the analyzers of one build get their knowledge table:
// the built-in table, extended with the buses of a configuration declared
// inline, or in a file named when the analyzers first run (a flag parsed
// after they were built). The configuration is loaded once, on first use;
// a Source is safe for concurrent use.
type Source struct {
	inline *Config
	file   func() (string, error)

	once sync.Once
	cfg  *Config
	base *knowledge.Table
	pkgs map[string]bool
	err  error

	mu      sync.Mutex
	checked map[*types.Package]*checked
	tables  map[string]*knowledge.Table
}

// checked is the validation of the entries of one package.
type checked struct {
	shapes map[string]SendShape
	err    error
}

// NewSource returns a source for the buses declared by inline (nil for
// none) and by the file file returns when the analyzers first run (file
// may be nil, or return "", for none).
func NewSource(inline *Config, file func() (string, error)) *Source {
	return &Source{inline: inline, file: file}
}

// Default is the source of the built-in table alone.
var Default = NewSource(nil, nil)

func (s *Source) load() {
	var fromFile *Config
	if s.file != nil {
		path, err := s.file()
		if err != nil {
			s.err = err
			return
		}
		if path != "" {
			if fromFile, err = Load(path); err != nil {
				s.err = err
				return
			}
		}
	}
	cfg := s.inline
	if fromFile != nil {
		merged, err := Merge(s.inline, fromFile)
		if err != nil {
			s.err = err
			return
		}
		cfg = merged
	}
	s.cfg = cfg
	if cfg.Empty() {
		s.base = knowledge.Default
		return
	}
	s.base = knowledge.Default.Extend(cfg.Convert(nil))
	s.pkgs = cfg.Packages()
	s.checked = map[*types.Package]*checked{}
	s.tables = map[string]*knowledge.Table{}
}

// Config returns the configuration the source loaded (nil when it declares
// no bus).
func (s *Source) Config() (*Config, error) {
	s.once.Do(s.load)
	return s.cfg, s.err
}

// Table returns the table without checking any package: the built-in
// table extended with the configuration, with the shapes of sends as
// declared.
func (s *Source) Table() (*knowledge.Table, error) {
	s.once.Do(s.load)
	return s.base, s.err
}

// For returns the table for analyzing pkg. When pkg is, or imports
// directly, a package the configuration names, the configuration's entries
// of that package are checked against its types: the error names every
// entry that does not fit (with validate false, ill-typed code, nothing is
// reported), and the shapes of its sends (a slice, variadic) are taken
// from their signatures. A package that imports none of them costs a
// lookup per import.
func (s *Source) For(pkg *types.Package, validate bool) (*knowledge.Table, error) {
	s.once.Do(s.load)
	if s.err != nil {
		return nil, s.err
	}
	if len(s.pkgs) == 0 || pkg == nil {
		return s.base, nil
	}
	var seen []*types.Package
	if s.pkgs[pkg.Path()] {
		seen = append(seen, pkg)
	}
	for _, imp := range pkg.Imports() {
		if s.pkgs[imp.Path()] {
			seen = append(seen, imp)
		}
	}
	if len(seen) == 0 {
		return s.base, nil
	}
	shapes := map[string]SendShape{}
	var errs []error
	for _, p := range seen {
		c := s.check(p)
		for f, sh := range c.shapes {
			shapes[f] = sh
		}
		if c.err != nil {
			errs = append(errs, c.err)
		}
	}
	if validate && len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s.table(shapes), nil
}

// check validates the entries of package p, once per package.
func (s *Source) check(p *types.Package) *checked {
	s.mu.Lock()
	c, ok := s.checked[p]
	s.mu.Unlock()
	if ok {
		return c
	}
	shapes, errs := Check(s.cfg, s.base, p)
	c = &checked{shapes: shapes, err: errors.Join(errs...)}
	s.mu.Lock()
	s.checked[p] = c
	s.mu.Unlock()
	return c
}

// table returns the table with the send shapes derived so far, built once
// per set of shapes that differ from the declarations.
func (s *Source) table(shapes map[string]SendShape) *knowledge.Table {
	declared := map[string]SendShape{}
	for _, b := range s.cfg.Buses {
		for _, snd := range b.Sends {
			declared[snd.Func] = boolShape(snd.Slice)
		}
		for _, snd := range b.PropagatingSends {
			declared[snd.Func] = boolShape(snd.Slice)
		}
	}
	var diff []string
	for f, sh := range shapes {
		if declared[f] != sh {
			diff = append(diff, fmt.Sprintf("%s=%d", f, sh))
		}
	}
	if len(diff) == 0 {
		return s.base
	}
	sort.Strings(diff)
	key := strings.Join(diff, "\n")
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tables[key]; ok {
		return t
	}
	t := knowledge.Default.Extend(s.cfg.Convert(shapes))
	s.tables[key] = t
	return t
}

func boolShape(slice bool) SendShape {
	if slice {
		return Slice
	}
	return Single
}

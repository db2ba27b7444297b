package knowledge_test

import (
	"go/types"
	"testing"

	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
)

// TestDestinationsMatchRealAPIs checks the propagation map's entries of
// every client against the pinned modules: each destination argument of a
// send and of a subscription is a string (or strings), each field path
// leads to one, each handler argument exists. A typo would otherwise turn
// a destination silently into "(dynamic)".
func TestDestinationsMatchRealAPIs(t *testing.T) {
	var paths []string
	for _, c := range knowledge.Clients {
		paths = append(paths, c.Pkgs...)
	}
	byPath := loadPinned(t, paths...)
	for _, c := range knowledge.Clients {
		if c.System == "" {
			t.Errorf("client %s: no System", c.Name)
		}
		for _, d := range c.DestSends {
			fn := lookupFunc(t, byPath, d.Func)
			if fn == nil {
				continue
			}
			sig := fn.Type().(*types.Signature)
			for _, a := range d.Args {
				if a >= sig.Params().Len() || !isStrings(sig.Params().At(a).Type()) {
					t.Errorf("%s: argument %d is not a string", d.Func, a)
				}
			}
			if d.RecvField != "" && (sig.Recv() == nil || !isStrings(fieldPath(sig.Recv().Type(), []string{d.RecvField}))) {
				t.Errorf("%s: the receiver has no string field %s", d.Func, d.RecvField)
			}
			if len(d.Args) == 0 && d.RecvField == "" {
				t.Errorf("%s: names no destination", d.Func)
			}
		}
		for _, s := range c.Subscriptions {
			fn := lookupFunc(t, byPath, s.Func)
			if fn == nil {
				continue
			}
			params := fn.Type().(*types.Signature).Params()
			if s.Arg >= params.Len() || (s.Handler >= 0 && s.Handler >= params.Len()) {
				t.Errorf("%s: no parameter %d or %d", s.Func, s.Arg, s.Handler)
				continue
			}
			if s.Arg >= 0 && !isStrings(fieldPath(params.At(s.Arg).Type(), s.Field)) {
				t.Errorf("%s: parameter %d (field %v) is not a string or strings", s.Func, s.Arg, s.Field)
			}
		}
		for _, m := range c.Messages {
			if m.DestField == nil {
				continue
			}
			tn := typeNamed(t, byPath, m.Pkg+"."+m.Name)
			if tn == nil {
				continue
			}
			if !isStrings(fieldPath(tn.Type(), m.DestField)) {
				t.Errorf("%s.%s: no string field %v", m.Pkg, m.Name, m.DestField)
			}
		}
	}
}

// fieldPath returns the type of the field path of t (through pointers),
// or nil.
func fieldPath(t types.Type, path []string) types.Type {
	for _, name := range path {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
		v, ok := obj.(*types.Var)
		if !ok || !v.IsField() {
			return nil
		}
		t = v.Type()
	}
	return t
}

// isStrings reports whether t is a string, a *string, or a slice of
// strings.
func isStrings(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Pointer:
		return isStrings(u.Elem())
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Info()&types.IsString != 0
	}
	return false
}

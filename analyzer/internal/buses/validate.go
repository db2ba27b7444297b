package buses

import (
	"fmt"
	"go/types"
	"strings"

	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
	"github.com/tracewire/tracewire/analyzer/internal/otelapi"
)

// Check validates the entries of cfg that name package p against p's
// types, with tbl (the table extended with cfg) for the message types: a
// function, method or type that does not exist, an argument index out of
// range or whose parameter is not of the kind the entry needs, a header
// field or method that does not exist or does not fit the declared shape.
// Each error names its entry. It returns the shapes of the sends of p as
// their signatures give them.
func Check(cfg *Config, tbl *knowledge.Table, p *types.Package) (map[string]SendShape, []error) {
	shapes := map[string]SendShape{}
	if cfg == nil {
		return shapes, nil
	}
	var errs []error
	for bi := range cfg.Buses {
		b := &cfg.Buses[bi]
		v := &validator{b: b, tbl: tbl, p: p}
		for i, m := range b.Messages {
			if pkg, _, _ := splitQualified(m.Type); pkg == p.Path() {
				errs = append(errs, v.message(i, m)...)
			}
		}
		for i, s := range b.Sends {
			if sh, err := v.send("sends", i, s.Func, s.MessageArg, -1, s.Slice); err != nil {
				errs = append(errs, err)
			} else if sh >= 0 {
				shapes[s.Func] = sh
			}
		}
		for i, s := range b.PropagatingSends {
			if sh, err := v.send("propagating_sends", i, s.Func, s.MessageArg, s.ContextArg, s.Slice); err != nil {
				errs = append(errs, err)
			} else if sh >= 0 {
				shapes[s.Func] = sh
			}
		}
		for i, r := range b.Receives {
			errs = append(errs, v.receive(i, r.Func))
		}
		for i, r := range b.ReceiveCallbacks {
			errs = append(errs, v.callback(i, r))
		}
		for i, r := range b.ReceiveChans {
			errs = append(errs, v.receiveChan(i, r))
		}
		for i, r := range b.Injectors {
			errs = append(errs, v.messageFunc("injectors", i, r, true))
		}
		for i, r := range b.Extractors {
			errs = append(errs, v.messageFunc("extractors", i, r, false))
		}
	}
	var out []error
	for _, e := range errs {
		if e != nil {
			out = append(out, e)
		}
	}
	return shapes, out
}

type validator struct {
	b   *Bus
	tbl *knowledge.Table
	p   *types.Package
}

// fn returns the function kind[i] names if it is of package p; nil and no
// error if it is of another package.
func (v *validator) fn(kind string, i int, name string) (*types.Func, *types.Signature, error) {
	f, err := ParseFuncName(name)
	if err != nil || f.Pkg != v.p.Path() {
		return nil, nil, nil // checked when decoded; another package's
	}
	errorf := func(format string, args ...any) (*types.Func, *types.Signature, error) {
		return nil, nil, v.b.errorf(kind, i, name, format, args...)
	}
	if f.Recv == "" {
		obj := v.p.Scope().Lookup(f.Name)
		if obj == nil {
			return errorf("package %s has no function %s", f.Pkg, f.Name)
		}
		fn, ok := obj.(*types.Func)
		if !ok {
			return errorf("%s.%s is not a function (%s)", f.Pkg, f.Name, describeObj(obj))
		}
		return fn, fn.Type().(*types.Signature), nil
	}
	obj := v.p.Scope().Lookup(f.Recv)
	tn, ok := obj.(*types.TypeName)
	if !ok {
		return errorf("package %s has no type %s", f.Pkg, f.Recv)
	}
	if tn.IsAlias() {
		return errorf("%s.%s is an alias of %s: name the type it stands for", f.Pkg, f.Recv, types.TypeString(types.Unalias(tn.Type()), nil))
	}
	T := tn.Type()
	if f.Ptr {
		if types.IsInterface(T) {
			return errorf("%s.%s is an interface: write (%s.%s).%s, without *", f.Pkg, f.Recv, f.Pkg, f.Recv, f.Name)
		}
		T = types.NewPointer(T)
	}
	obj, _, _ = types.LookupFieldOrMethod(T, false, v.p, f.Name)
	fn, ok := obj.(*types.Func)
	if !ok {
		if pobj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), false, v.p, f.Name); !f.Ptr && pobj != nil {
			if pfn, ok := pobj.(*types.Func); ok {
				return errorf("the method has a pointer receiver: write %s", pfn.FullName())
			}
		}
		return errorf("%s has no method %s", types.TypeString(T, nil), f.Name)
	}
	if full := fn.FullName(); full != name {
		// A method of an embedded type, or of the value receiver: calls
		// are matched by the declaring method's full name.
		return errorf("the method is declared as %s: write that (calls are matched by the declaring method's name)", full)
	}
	return fn, fn.Type().(*types.Signature), nil
}

func describeObj(obj types.Object) string {
	switch obj.(type) {
	case *types.TypeName:
		return "a type"
	case *types.Var:
		return "a variable"
	case *types.Const:
		return "a constant"
	}
	return fmt.Sprintf("%T", obj)
}

// param returns parameter arg of sig, or an error naming the entry.
func (v *validator) param(kind string, i int, name, key string, sig *types.Signature, arg int) (types.Type, error) {
	if n := sig.Params().Len(); arg >= n {
		return nil, v.b.errorf(kind, i, name, "%s %d is out of range: the function takes %d argument%s (counted from 0, without the receiver)", key, arg, n, plural(n))
	}
	return sig.Params().At(arg).Type(), nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// message checks a message type and its headers.
func (v *validator) message(i int, m Message) []error {
	errorf := func(format string, args ...any) []error {
		return []error{v.b.errorf("messages", i, m.Type, format, args...)}
	}
	_, name, _ := splitQualified(m.Type)
	obj := v.p.Scope().Lookup(name)
	tn, ok := obj.(*types.TypeName)
	if !ok {
		return errorf("package %s has no type %s", v.p.Path(), name)
	}
	if tn.IsAlias() {
		return errorf("%s is an alias of %s: name the type it stands for", m.Type, types.TypeString(types.Unalias(tn.Type()), nil))
	}
	if types.IsInterface(tn.Type()) {
		return errorf("%s is an interface: a message type has its headers in a field", m.Type)
	}
	T := tn.Type()
	var headers types.Type
	if m.HeaderField != "" {
		obj, _, _ := types.LookupFieldOrMethod(T, true, v.p, m.HeaderField)
		f, ok := obj.(*types.Var)
		if !ok {
			return errorf("%s has no field %s", m.Type, m.HeaderField)
		}
		headers = f.Type()
	} else {
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(T), false, v.p, m.HeaderMethod)
		fn, ok := obj.(*types.Func)
		if !ok {
			return errorf("%s has no method %s", m.Type, m.HeaderMethod)
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() != 0 || sig.Results().Len() != 1 {
			return errorf("%s.%s must take no arguments and return the headers", name, m.HeaderMethod)
		}
		headers = sig.Results().At(0).Type()
	}
	if why := fits(m.Shape, m.KeyIsBytes, headers); why != "" {
		where := m.HeaderField
		if where == "" {
			where = m.HeaderMethod + "()"
		}
		return errorf("the headers %s (%s) do not fit shape %q: %s", where, types.TypeString(headers, nil), m.Shape, why)
	}
	return nil
}

// fits tells why headers of type h do not fit the shape (the shape's
// codec says), or "", with a hint for records whose keys are []byte.
func fits(shape string, keyIsBytes bool, h types.Type) string {
	c := knowledge.CodecOf(&knowledge.Message{Shape: shape})
	why := c.Fits(h, keyIsBytes)
	if why != "" && shape == knowledge.ShapeRecords && !keyIsBytes && c.Fits(h, true) == "" {
		why += ` (set "key_is_bytes": true)`
	}
	return why
}

// send checks a send or a propagating send (ctxArg >= 0) and returns the
// shape of its message argument (-1 for a send of another package).
func (v *validator) send(kind string, i int, name string, msgArg, ctxArg int, slice bool) (SendShape, error) {
	fn, sig, err := v.fn(kind, i, name)
	if err != nil || fn == nil {
		return -1, err
	}
	pt, err := v.param(kind, i, name, "message_arg", sig, msgArg)
	if err != nil {
		return -1, err
	}
	shape := Single
	elem := pt
	if v.tbl.Message(pt) == nil {
		if sl, ok := pt.Underlying().(*types.Slice); ok {
			elem, shape = sl.Elem(), Slice
			if sig.Variadic() && msgArg == sig.Params().Len()-1 {
				shape = Variadic
			}
		}
	}
	desc := v.tbl.Message(elem)
	switch {
	case desc == nil:
		return -1, v.b.errorf(kind, i, name, "message_arg %d has type %s, not a declared message type (or a pointer to one, or a slice of them)", msgArg, types.TypeString(pt, nil))
	case !desc.Produced:
		return -1, v.b.errorf(kind, i, name, "message_arg %d has type %s, whose messages are declared consumed only", msgArg, types.TypeString(pt, nil))
	case slice && shape == Single:
		return -1, v.b.errorf(kind, i, name, `"slice" is true, but message_arg %d has type %s`, msgArg, types.TypeString(pt, nil))
	}
	if ctxArg >= 0 {
		ct, err := v.param(kind, i, name, "context_arg", sig, ctxArg)
		if err != nil {
			return -1, err
		}
		if !otelapi.IsContext(ct) {
			return -1, v.b.errorf(kind, i, name, "context_arg %d has type %s, not context.Context", ctxArg, types.TypeString(ct, nil))
		}
	}
	return shape, nil
}

// consumed reports whether t is a consumed message, a pointer to one, or
// a slice, array, channel or map of them.
func (v *validator) consumed(t types.Type) bool {
	for range 4 {
		if d := v.tbl.Message(t); d != nil {
			return d.Consumed
		}
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Chan:
			t = u.Elem()
		case *types.Map:
			t = u.Elem()
		default:
			return false
		}
	}
	return false
}

func (v *validator) receive(i int, name string) error {
	fn, sig, err := v.fn("receives", i, name)
	if err != nil || fn == nil {
		return err
	}
	for r := range sig.Results().Variables() {
		if v.consumed(r.Type()) || (types.IsInterface(r.Type()) && !isError(r.Type())) {
			return nil // a message, or an event that may carry one
		}
	}
	var results []string
	for r := range sig.Results().Variables() {
		results = append(results, types.TypeString(r.Type(), nil))
	}
	return v.b.errorf("receives", i, name, "returns no consumed message (%s)", strings.Join(results, ", "))
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func (v *validator) callback(i int, r Callback) error {
	fn, sig, err := v.fn("receive_callbacks", i, r.Func)
	if err != nil || fn == nil {
		return err
	}
	pt, err := v.param("receive_callbacks", i, r.Func, "arg", sig, r.Arg)
	if err != nil {
		return err
	}
	if cb, ok := pt.Underlying().(*types.Signature); ok {
		takes, ctx := false, false
		for p := range cb.Params().Variables() {
			takes = takes || v.consumed(p.Type())
			ctx = ctx || isContext(p.Type())
		}
		switch {
		case takes && r.ContextExtracted && !ctx:
			return v.b.errorf("receive_callbacks", i, r.Func, "context_extracted is set, but the callback (arg %d, %s) takes no context.Context", r.Arg, types.TypeString(pt, nil))
		case takes:
			return nil
		}
	}
	return v.b.errorf("receive_callbacks", i, r.Func, "arg %d has type %s, not a function taking a consumed message", r.Arg, types.TypeString(pt, nil))
}

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

func (v *validator) receiveChan(i int, r FuncArg) error {
	fn, sig, err := v.fn("receive_chans", i, r.Func)
	if err != nil || fn == nil {
		return err
	}
	pt, err := v.param("receive_chans", i, r.Func, "arg", sig, r.Arg)
	if err != nil {
		return err
	}
	if ch, ok := pt.Underlying().(*types.Chan); ok && ch.Dir() != types.RecvOnly {
		if d := v.tbl.Message(ch.Elem()); d != nil && d.Consumed {
			return nil
		}
	}
	return v.b.errorf("receive_chans", i, r.Func, "arg %d has type %s, not a channel of a consumed message", r.Arg, types.TypeString(pt, nil))
}

// messageFunc checks an injector (produced) or an extractor (consumed,
// returning a context).
func (v *validator) messageFunc(kind string, i int, r MessageFunc, produced bool) error {
	fn, sig, err := v.fn(kind, i, r.Func)
	if err != nil || fn == nil {
		return err
	}
	pt, err := v.param(kind, i, r.Func, "message_arg", sig, r.MessageArg)
	if err != nil {
		return err
	}
	d := v.tbl.Message(pt)
	switch {
	case d == nil:
		return v.b.errorf(kind, i, r.Func, "message_arg %d has type %s, not a declared message type (or a pointer to one)", r.MessageArg, types.TypeString(pt, nil))
	case produced && !d.Produced:
		return v.b.errorf(kind, i, r.Func, "message_arg %d has type %s, whose messages are declared consumed only", r.MessageArg, types.TypeString(pt, nil))
	case !produced && !d.Consumed:
		return v.b.errorf(kind, i, r.Func, "message_arg %d has type %s, whose messages are declared produced only", r.MessageArg, types.TypeString(pt, nil))
	}
	if !produced {
		for res := range sig.Results().Variables() {
			if otelapi.IsContext(res.Type()) {
				return nil
			}
		}
		return v.b.errorf(kind, i, r.Func, "returns no context.Context: an extractor returns the context extracted from the message")
	}
	return nil
}

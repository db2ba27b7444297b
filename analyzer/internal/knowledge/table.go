package knowledge

import (
	"go/types"
	"strings"
)

// NativeTracerOf returns the native tracer a package uses: the one whose
// tracer package pkg imports directly, else one of whose packages (a
// contrib wrapper) pkg imports directly, or nil.
func (t *Table) NativeTracerOf(pkg *types.Package) *NativeTracer {
	var byPrefix *NativeTracer
	for _, imp := range pkg.Imports() {
		for i := range t.src.NativeTracers {
			nt := &t.src.NativeTracers[i]
			if imp.Path() == nt.Pkg {
				return nt
			}
			if byPrefix == nil && strings.HasPrefix(imp.Path(), nt.Prefix) {
				byPrefix = nt
			}
		}
	}
	return byPrefix
}

// Table indexes Clients for lookups by the checks. It is immutable once
// built and safe for concurrent use.
type Table struct {
	sends     map[string]Send
	sendChans map[string]SendChan
	receives  map[string]bool
	messages  map[string]*Message // key: pkg + "." + name
	clients   map[string]bool
	// libraries holds the client packages of the clients with a System:
	// third-party libraries, not the program's in-house buses.
	libraries map[string]bool
	instr     map[string]bool
	// containers, hookClients, hookNew, options, tracingFuncs and
	// tracingTypes index the Containers and Hooks of the clients.
	containers   map[string]bool
	hookClients  map[string]bool
	hookNew      map[string]bool
	options      map[string]bool
	tracingFuncs map[string]bool
	tracingTypes map[string]bool
	// tracingFields maps a configuration struct ("pkg.Name") to its
	// field switching tracing on; derive holds the Derive methods.
	tracingFields map[string]string
	derive        map[string]bool
	// requests indexes the AttributeRequests of the clients.
	requests   map[string]AttributeRequest
	extractors map[string]int
	injectors  map[string]int
	hookPkgs   map[string]bool
	// sendsByName indexes sends by method name, for calls through an
	// interface of the user's that a client type implements.
	sendsByName map[string][]Send
	// propPkgs indexes the packages of the PropagatorDefaults.
	propPkgs map[string]bool
	// receiveChans indexes the ReceiveChans of the clients, and hooksOf
	// the Hooks of the client each message type belongs to.
	receiveChans map[string]int
	callbacks    map[string]ReceiveCallback
	constructors map[string]bool
	hooksOf      map[*Message]*Hooks
	// Destinations: dsends, dmessages and subs index the clients'
	// DestSends, their messages' DestField and their Subscriptions;
	// systems maps a client's Name to its System.
	dsends    map[string]DestSend
	dmessages map[string][]string
	subs      map[string]Subscription
	systems   map[string]string
	// src is what the table was built from.
	src Source
}

// A Source is everything a Table is built from: the entries of the
// clients and of the tracing libraries.
type Source struct {
	Clients []Client
	// Instrumentation lists packages of instrumentation libraries.
	Instrumentation []string
	Extractors      []Extractor
	Injectors       []Injector
	// TracingModules lists the module paths of tracing libraries
	// (entries ending in "/" are prefixes).
	TracingModules []string
	// PropagatorDefaults lists the instrumentation that defaults to the
	// global propagator.
	PropagatorDefaults []PropagatorDefault
	NativeTracers      []NativeTracer
	// DestFields are the field names taken, in order, as the destination
	// of a message whose entry names none (an in-house bus's), for the
	// propagation map.
	DestFields []string
}

// Extend returns t with more clients, extractors and injectors (the
// in-house buses of a configuration); t is unchanged.
func (t *Table) Extend(clients []Client, extractors []Extractor, injectors []Injector) *Table {
	s := t.src
	s.Clients = append(append([]Client(nil), s.Clients...), clients...)
	s.Extractors = append(append([]Extractor(nil), s.Extractors...), extractors...)
	s.Injectors = append(append([]Injector(nil), s.Injectors...), injectors...)
	return NewTable(s)
}

// TracingModule reports whether path is the module path of a tracing
// library.
func (t *Table) TracingModule(path string) bool {
	for _, m := range t.src.TracingModules {
		if path == m || (strings.HasSuffix(m, "/") && strings.HasPrefix(path, m)) {
			return true
		}
	}
	return false
}

// NewTable indexes src.
func NewTable(src Source) *Table {
	clients, instrumentation, extractors, injectors := src.Clients, src.Instrumentation, src.Extractors, src.Injectors
	t := &Table{
		sends:         map[string]Send{},
		sendChans:     map[string]SendChan{},
		receives:      map[string]bool{},
		messages:      map[string]*Message{},
		clients:       map[string]bool{},
		libraries:     map[string]bool{},
		instr:         map[string]bool{},
		containers:    map[string]bool{},
		hookClients:   map[string]bool{},
		hookNew:       map[string]bool{},
		options:       map[string]bool{},
		tracingFuncs:  map[string]bool{},
		tracingTypes:  map[string]bool{},
		tracingFields: map[string]string{},
		derive:        map[string]bool{},
		requests:      map[string]AttributeRequest{},
		extractors:    map[string]int{},
		injectors:     map[string]int{},
		hookPkgs:      map[string]bool{},
		sendsByName:   map[string][]Send{},
		receiveChans:  map[string]int{},
		callbacks:     map[string]ReceiveCallback{},
		constructors:  map[string]bool{},
		hooksOf:       map[*Message]*Hooks{},
		dsends:        map[string]DestSend{},
		dmessages:     map[string][]string{},
		subs:          map[string]Subscription{},
		systems:       map[string]string{},
		propPkgs:      map[string]bool{},
		src:           src,
	}
	for _, e := range extractors {
		t.extractors[e.Func] = e.Arg
	}
	for _, in := range injectors {
		t.injectors[in.Func] = in.Carrier
	}
	for _, c := range clients {
		for _, p := range c.Pkgs {
			t.clients[p] = true
			if c.System != "" {
				t.libraries[p] = true
			}
		}
		for _, s := range c.Sends {
			s.Hooked = c.Hooks != nil
			if c.Hooks != nil {
				s.Untraced = c.Hooks.Untraced
			}
			t.sends[s.Func] = s
			if _, method, ok := strings.Cut(s.Func, ")."); ok {
				t.sendsByName[method] = append(t.sendsByName[method], s)
			}
		}
		for _, name := range c.Containers {
			t.containers[name] = true
		}
		if h := c.Hooks; h != nil {
			for _, p := range c.Pkgs {
				t.hookPkgs[p] = true
			}
			for _, list := range []struct {
				names []string
				m     map[string]bool
			}{{h.Clients, t.hookClients}, {h.New, t.hookNew}, {h.Options, t.options}, {h.TracingFuncs, t.tracingFuncs}, {h.TracingTypes, t.tracingTypes}, {h.Derive, t.derive}} {
				for _, n := range list.names {
					list.m[n] = true
				}
			}
			for _, f := range h.TracingFields {
				t.tracingFields[f.Type] = f.Field
			}
		}
		for _, s := range c.SendChans {
			t.sendChans[s.Func] = s
		}
		for _, r := range c.Receives {
			t.receives[r] = true
		}
		for _, r := range c.AttributeRequests {
			t.requests[r.Func] = r
		}
		for _, r := range c.ReceiveChans {
			t.receiveChans[r.Func] = r.Arg
		}
		for _, r := range c.ReceiveCallbacks {
			r.Hooked = c.Hooks != nil
			t.callbacks[r.Func] = r
		}
		if c.System != "" {
			t.systems[c.Name] = c.System
		}
		for _, d := range c.DestSends {
			t.dsends[d.Func] = d
		}
		for _, sub := range c.Subscriptions {
			t.subs[sub.Func] = sub
		}
		msgs := append([]Message(nil), c.Messages...)
		for i := range msgs {
			m := &msgs[i]
			t.messages[m.Pkg+"."+m.Name] = m
			if len(m.DestField) > 0 {
				t.dmessages[m.Pkg+"."+m.Name] = m.DestField
			}
			for _, fn := range m.Constructors {
				t.constructors[fn] = true
			}
			if c.Hooks != nil {
				t.hooksOf[m] = c.Hooks
			}
		}
	}
	for _, p := range instrumentation {
		t.instr[p] = true
	}
	for _, d := range src.PropagatorDefaults {
		t.propPkgs[d.Pkg] = true
	}
	return t
}

// Send returns the send described by fn, if any. A method of an interface
// declared outside the client (a small interface a program wraps its
// producer in, for tests) is a send when a client type of the table
// implements the interface and its send method of that name has the
// identical signature: whatever implements it in production sends.
func (t *Table) Send(fn *types.Func) (Send, bool) {
	if fn == nil {
		return Send{}, false
	}
	if s, ok := t.sends[fn.Origin().FullName()]; ok {
		return s, true
	}
	cands := t.sendsByName[fn.Name()]
	if len(cands) == 0 {
		return Send{}, false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) {
		return Send{}, false
	}
	iface, ok := sig.Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return Send{}, false
	}
	for _, s := range cands {
		if clientImplements(s.Func, sig, iface) {
			return s, true
		}
	}
	return Send{}, false
}

// clientImplements reports whether the receiver type of the client method
// full (a FullName) implements iface, with a method of the same name whose
// signature is identical to sig. The client package is found among the
// packages of sig's parameter types (the message type lives there).
func clientImplements(full string, sig *types.Signature, iface *types.Interface) bool {
	recv, method, ok := strings.Cut(strings.TrimPrefix(full, "("), ").")
	if !ok {
		return false
	}
	ptr := strings.HasPrefix(recv, "*")
	recv = strings.TrimPrefix(recv, "*")
	dot := strings.LastIndexByte(recv, '.')
	if dot < 0 {
		return false
	}
	pkg := paramPackage(sig, recv[:dot])
	if pkg == nil {
		return false
	}
	tn, _ := pkg.Scope().Lookup(recv[dot+1:]).(*types.TypeName)
	if tn == nil {
		return false
	}
	T := tn.Type()
	if ptr {
		T = types.NewPointer(T)
	}
	if !types.Implements(T, iface) {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(T, false, pkg, method)
	m, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	msig := m.Type().(*types.Signature)
	return sig.Variadic() == msig.Variadic() && types.Identical(sig.Params(), msig.Params()) && types.Identical(sig.Results(), msig.Results())
}

// paramPackage finds the package path among the packages of the named
// types in sig's parameters.
func paramPackage(sig *types.Signature, path string) *types.Package {
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		for depth := 0; depth < 4; depth++ {
			switch x := types.Unalias(t).(type) {
			case *types.Pointer:
				t = x.Elem()
				continue
			case *types.Slice:
				t = x.Elem()
				continue
			case *types.Named:
				if x.Obj().Pkg() != nil && x.Obj().Pkg().Path() == path {
					return x.Obj().Pkg()
				}
			}
			break
		}
	}
	return nil
}

// SendChan returns the channel-returning method described by fn, if any.
func (t *Table) SendChan(fn *types.Func) (SendChan, bool) {
	if fn == nil {
		return SendChan{}, false
	}
	s, ok := t.sendChans[fn.Origin().FullName()]
	return s, ok
}

// ReceiveChan returns the index of the argument of fn that is a channel
// the client delivers consumed messages on.
func (t *Table) ReceiveChan(fn *types.Func) (int, bool) {
	if fn == nil {
		return 0, false
	}
	i, ok := t.receiveChans[fn.Origin().FullName()]
	return i, ok
}

// ReceiveCallback returns what the table says of fn if fn is given a
// callback the client calls with consumed messages.
func (t *Table) ReceiveCallback(fn *types.Func) (ReceiveCallback, bool) {
	if fn == nil {
		return ReceiveCallback{}, false
	}
	r, ok := t.callbacks[fn.Origin().FullName()]
	return r, ok
}

// Constructor reports whether fn returns a new message with no trace
// context.
func (t *Table) Constructor(fn *types.Func) bool {
	return fn != nil && t.constructors[fn.Origin().FullName()]
}

// Hooks returns the tracing hooks of the client a message type belongs
// to, or nil.
func (t *Table) Hooks(m *Message) *Hooks { return t.hooksOf[m] }

// Receive reports whether fn is a consumer's receive function or method.
func (t *Table) Receive(fn *types.Func) bool {
	return fn != nil && t.receives[fn.Origin().FullName()]
}

// Message returns the message description of typ, which may be the message
// type or a pointer to it.
func (t *Table) Message(typ types.Type) *Message {
	if p, ok := types.Unalias(typ).(*types.Pointer); ok {
		typ = p.Elem()
	}
	n, ok := types.Unalias(typ).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return nil
	}
	return t.messages[n.Obj().Pkg().Path()+"."+n.Obj().Name()]
}

// typeKey returns "pkg.Name" of a named type (or pointer to one), or "".
func typeKey(typ types.Type) string {
	if typ == nil {
		return ""
	}
	if p, ok := types.Unalias(typ).(*types.Pointer); ok {
		typ = p.Elem()
	}
	n, ok := types.Unalias(typ).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

// ImportsHooked reports whether pkg imports the package of a hooked client
// directly (needed to declare a field of its client type).
func (t *Table) ImportsHooked(pkg *types.Package) bool {
	for _, p := range pkg.Imports() {
		if t.hookPkgs[p.Path()] {
			return true
		}
	}
	return false
}

// Container reports whether typ (or what it points to) only holds consumed
// messages.
func (t *Table) Container(typ types.Type) bool { return t.containers[typeKey(typ)] }

// HookedClient reports whether typ (or what it points to) is a client type
// whose sends run hooks installed from its options.
func (t *Table) HookedClient(typ types.Type) bool { return t.hookClients[typeKey(typ)] }

// HookNew reports whether fn builds a hooked client from options.
func (t *Table) HookNew(fn *types.Func) bool {
	return fn != nil && t.hookNew[fn.Origin().FullName()]
}

// AttributeRequest returns what the table says of fn if fn is a receive
// whose input must ask for the headers by name.
func (t *Table) AttributeRequest(fn *types.Func) (AttributeRequest, bool) {
	if fn == nil {
		return AttributeRequest{}, false
	}
	r, ok := t.requests[fn.Origin().FullName()]
	return r, ok
}

// Asks reports whether a header name given to an AttributeRequest's field
// asks for key: one of All, key itself, or a prefix pattern ("trace.*")
// key matches.
func (r AttributeRequest) Asks(name, key string) bool {
	for _, a := range r.All {
		if name == a {
			return true
		}
	}
	if p, ok := strings.CutSuffix(name, ".*"); ok {
		return strings.HasPrefix(key, p)
	}
	return name == key
}

// HookDerive reports whether fn is a method of a hooked client returning a
// client built like its receiver.
func (t *Table) HookDerive(fn *types.Func) bool {
	return fn != nil && t.derive[fn.Origin().FullName()]
}

// TracingField returns the field of the configuration struct typ (or what
// it points to) that switches a client's tracing on, if typ is one.
func (t *Table) TracingField(typ types.Type) (string, bool) {
	f, ok := t.tracingFields[typeKey(typ)]
	return f, ok
}

// TracingFunc reports whether fn constructs a tracing hook.
func (t *Table) TracingFunc(fn *types.Func) bool {
	return fn != nil && t.tracingFuncs[fn.Origin().FullName()]
}

// TracingType reports whether typ (or what it points to) is a tracing hook
// type.
func (t *Table) TracingType(typ types.Type) bool { return t.tracingTypes[typeKey(typ)] }

// MayCarryOptions reports whether a value of typ may hold client options or
// hooks (an option or hook type, or a slice, map, pointer or struct holding
// one).
func (t *Table) MayCarryOptions(typ types.Type) bool {
	return t.mayCarry(typ, 0)
}

func (t *Table) mayCarry(typ types.Type, depth int) bool {
	if typ == nil || depth > 4 {
		return false
	}
	if k := typeKey(typ); k != "" && (t.options[k] || t.tracingTypes[k]) {
		return true
	}
	switch u := types.Unalias(typ).Underlying().(type) {
	case *types.Pointer:
		return t.mayCarry(u.Elem(), depth+1)
	case *types.Slice:
		return t.mayCarry(u.Elem(), depth+1)
	case *types.Array:
		return t.mayCarry(u.Elem(), depth+1)
	case *types.Map:
		return t.mayCarry(u.Elem(), depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if t.mayCarry(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// Extractor returns the index of the message argument of an
// instrumentation function returning a context extracted from it.
func (t *Table) Extractor(fn *types.Func) (int, bool) {
	if fn == nil {
		return 0, false
	}
	i, ok := t.extractors[fn.Origin().FullName()]
	return i, ok
}

// Injector returns the index of the carrier argument of a function that
// writes trace context into a carrier.
func (t *Table) Injector(fn *types.Func) (int, bool) {
	if fn == nil {
		return 0, false
	}
	i, ok := t.injectors[fn.Origin().FullName()]
	return i, ok
}

// IsClient reports whether path is the package of a known client.
func (t *Table) IsClient(path string) bool { return t.clients[path] }

// IsLibrary reports whether path is the package of a client library of
// the table (one with a System), not of an in-house bus, whose packages
// are the program's own.
func (t *Table) IsLibrary(path string) bool { return t.libraries[path] }

// IsInstrumentation reports whether path is a known instrumentation package.
func (t *Table) IsInstrumentation(path string) bool { return t.instr[path] }

// IsOTel reports whether path is part of the OpenTelemetry Go API or SDK.
func IsOTel(path string) bool {
	return path == OTelPrefix || strings.HasPrefix(path, OTelPrefix+"/")
}

// Imports summarises what a package imports directly.
type Imports struct {
	Client, OTel, Instrumentation bool
}

// Scan reports which relevant packages pkg imports directly. It is the
// cheap first test every check makes: a package with none of them is left
// alone.
func (t *Table) Scan(pkg *types.Package) Imports {
	var im Imports
	for _, p := range pkg.Imports() {
		path := p.Path()
		// An instrumentation wrapper can be a client too (splunkkafka).
		im.Client = im.Client || t.clients[path]
		im.Instrumentation = im.Instrumentation || t.instr[path]
		im.OTel = im.OTel || IsOTel(path)
	}
	return im
}

// Reaches reports whether pkg imports path directly or indirectly.
func Reaches(pkg *types.Package, path string) bool {
	seen := map[*types.Package]bool{}
	var walk func(p *types.Package) bool
	walk = func(p *types.Package) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		for _, q := range p.Imports() {
			if q.Path() == path || walk(q) {
				return true
			}
		}
		return false
	}
	return walk(pkg)
}

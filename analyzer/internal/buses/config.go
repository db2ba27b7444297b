// Package buses reads the declarations of in-house message buses: a
// program's own messaging layer (a bus over Kafka, a webhook bus), which
// producerinject, consumerextract and the fact analyzer then treat like the
// built-in clients of package knowledge.
//
// A configuration is JSON (or, in golangci-lint's settings, YAML of the
// same shape), decoded strictly: an unknown key, a value of the wrong type,
// an unknown direction or shape, a malformed function or type name or a
// duplicate is an error that names the entry. Convert turns a configuration
// into knowledge data; Check validates it against the types of the
// packages it names, when the fact analyzer sees them. A Source loads a
// configuration once, on first use, and hands every analyzer of a build
// the same table. See docs/buses.md.
package buses

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"io"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
)

// Config is a configuration of in-house buses.
type Config struct {
	Buses []Bus `json:"buses"`
}

// A Bus is one in-house messaging API.
type Bus struct {
	// Name names the bus in diagnostics ("acme Client.Publish sends ...").
	Name string `json:"name" tw:"required"`
	// Messages are the bus's message types.
	Messages []Message `json:"messages,omitempty"`
	// Sends are calls that hand a message to the bus for delivery.
	Sends []Send `json:"sends,omitempty"`
	// PropagatingSends are sends that inject the trace context of their
	// context argument themselves: only an empty context is reported.
	PropagatingSends []PropagatingSend `json:"propagating_sends,omitempty"`
	// Receives are the functions and methods returning consumed messages.
	Receives []Func `json:"receives,omitempty"`
	// ReceiveCallbacks are the functions and methods given a callback
	// (at Arg) that the bus calls with consumed messages.
	ReceiveCallbacks []Callback `json:"receive_callbacks,omitempty"`
	// ReceiveChans are the functions and methods given a channel (at
	// Arg) that the bus fills with consumed messages.
	ReceiveChans []FuncArg `json:"receive_chans,omitempty"`
	// Injectors write the trace context into a message argument.
	Injectors []MessageFunc `json:"injectors,omitempty"`
	// Extractors return a context extracted from a message argument.
	Extractors []MessageFunc `json:"extractors,omitempty"`

	// origin names the configuration the bus comes from, and index its
	// position there, for errors.
	origin string
	index  int
}

// A Message declares a message type of a bus.
type Message struct {
	// Type is the message type, "pkg/path.Name" (not a pointer).
	Type string `json:"type" tw:"required"`
	// Direction is "produced", "consumed" or "both".
	Direction string `json:"direction" tw:"required"`
	// HeaderField is the exported field holding the headers, or
	// HeaderMethod the method returning them (consumed messages only);
	// exactly one is given.
	HeaderField  string `json:"header_field,omitempty"`
	HeaderMethod string `json:"header_method,omitempty"`
	// Shape is the shape of the headers: records, http-header, map-any or
	// map-string (knowledge.Codecs).
	Shape string `json:"shape" tw:"required"`
	// KeyIsBytes says, for records, that a record's Key is a []byte.
	KeyIsBytes bool `json:"key_is_bytes,omitempty"`
}

// A Send declares a call that sends a message.
type Send struct {
	Func       string `json:"func" tw:"required"`
	MessageArg int    `json:"message_arg" tw:"required"`
	// Slice says that the argument is a slice of messages; without it,
	// Check derives it from the signature (a slice parameter, or the
	// variadic one).
	Slice bool `json:"slice,omitempty"`
}

// A PropagatingSend declares a send that injects the trace context of its
// context argument itself (a traced wrapper).
type PropagatingSend struct {
	Func       string `json:"func" tw:"required"`
	MessageArg int    `json:"message_arg" tw:"required"`
	ContextArg int    `json:"context_arg" tw:"required"`
	Slice      bool   `json:"slice,omitempty"`
}

// A Func names a function or method.
type Func struct {
	Func string `json:"func" tw:"required"`
}

// A FuncArg names a function or method and one of its arguments.
type FuncArg struct {
	Func string `json:"func" tw:"required"`
	Arg  int    `json:"arg" tw:"required"`
}

// A Callback names a function or method and its callback argument (Arg),
// which the bus calls with consumed messages. ContextExtracted tells that
// the bus extracts the message's trace context into the context it gives
// the callback; otherwise that context is the subscription's, and a span
// started from it is reported.
type Callback struct {
	Func             string `json:"func" tw:"required"`
	Arg              int    `json:"arg" tw:"required"`
	ContextExtracted bool   `json:"context_extracted,omitempty"`
}

// A MessageFunc names a function or method and its message argument.
type MessageFunc struct {
	Func       string `json:"func" tw:"required"`
	MessageArg int    `json:"message_arg" tw:"required"`
}

// Directions of messages.
const (
	Produced = "produced"
	Consumed = "consumed"
	Both     = "both"
)

// An Error is an error in a configuration, naming the entry.
type Error struct {
	// Origin names the configuration (a file, or "golangci-lint
	// settings"); Where is the entry (`buses[0] "acme": sends[1]`).
	Origin, Where, Msg string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Origin != "" {
		b.WriteString(e.Origin + ": ")
	}
	if e.Where != "" {
		b.WriteString(e.Where + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Parse decodes a JSON configuration strictly: keys are spelled exactly as
// documented, none is unknown or given twice. origin names the
// configuration in errors.
func Parse(data []byte, origin string) (*Config, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := readValue(dec)
	if err != nil {
		return nil, &Error{Origin: origin, Msg: "not valid JSON: " + err.Error()}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &Error{Origin: origin, Msg: "not valid JSON: text after the configuration"}
	}
	return decode(v, origin, false)
}

// Decode decodes a configuration already decoded from YAML or JSON (the
// value of golangci-lint's `buses` setting, wrapped as {"buses": ...}).
// Keys match without regard to case, '-' and '_', as golangci-lint's
// other settings do (it lowercases keys).
func Decode(v any, origin string) (*Config, error) {
	return decode(v, origin, true)
}

// Load reads and parses the configuration file path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the bus configuration: %w", err)
	}
	return Parse(data, path)
}

func decode(v any, origin string, fold bool) (*Config, error) {
	d := &decoder{origin: origin, fold: fold}
	var c Config
	if err := d.value(v, reflect.ValueOf(&c).Elem(), nil); err != nil {
		return nil, err
	}
	for i := range c.Buses {
		c.Buses[i].origin, c.Buses[i].index = origin, i
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Merge returns the buses of a and b together (either may be nil), checked
// again for duplicates across them.
func Merge(a, b *Config) (*Config, error) {
	var c Config
	for _, x := range []*Config{a, b} {
		if x != nil {
			c.Buses = append(c.Buses, x.Buses...)
		}
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Empty reports whether c declares nothing.
func (c *Config) Empty() bool { return c == nil || len(c.Buses) == 0 }

// Hash returns a deterministic hash of the configuration's content: equal
// for configurations that declare the same (whatever their spelling,
// key order or white space), different otherwise.
func (c *Config) Hash() string {
	var norm Config
	if c != nil {
		norm.Buses = c.Buses
	}
	if norm.Buses == nil {
		norm.Buses = []Bus{}
	}
	data, err := json.Marshal(norm)
	if err != nil {
		panic(err) // plain data
	}
	h := sha256.Sum256(append([]byte("tracewire buses v1\n"), data...))
	return hex.EncodeToString(h[:])
}

// where names bus b's entry kind[i], with its function or type.
func (b *Bus) where(kind string, i int, name string) string {
	w := fmt.Sprintf("buses[%d] %q", b.index, b.Name)
	if kind != "" {
		w += fmt.Sprintf(": %s[%d]", kind, i)
		if name != "" {
			w += fmt.Sprintf(" %q", name)
		}
	}
	return w
}

func (b *Bus) errorf(kind string, i int, name, format string, args ...any) error {
	return &Error{Origin: b.origin, Where: b.where(kind, i, name), Msg: fmt.Sprintf(format, args...)}
}

// check validates what needs no types: names, directions, shapes,
// argument indexes, duplicates (within the configuration and against the
// built-in clients).
func (c *Config) check() error {
	names := map[string]*Bus{}
	type seenAt struct {
		b    *Bus
		what string
		i    int
	}
	funcs := map[string]seenAt{}
	types := map[string]seenAt{}
	builtin := builtinNames()
	useFunc := func(b *Bus, kind string, i int, name string) error {
		if err := checkFuncName(name); err != nil {
			return b.errorf(kind, i, "", "%v", err)
		}
		if prev, ok := funcs[name]; ok {
			return b.errorf(kind, i, name, "declared twice: also %s", prev.b.where(prev.what, prev.i, ""))
		}
		if client, ok := builtin[name]; ok {
			return b.errorf(kind, i, name, "is already known to tracewire (%s)", client)
		}
		funcs[name] = seenAt{b, kind, i}
		return nil
	}
	for bi := range c.Buses {
		b := &c.Buses[bi]
		if !token.IsIdentifier(strings.ReplaceAll(strings.ReplaceAll(b.Name, "-", "_"), ".", "_")) {
			return b.errorf("", 0, "", "the name %q must be a word (letters, digits, '-', '_' or '.')", b.Name)
		}
		if prev, ok := names[b.Name]; ok {
			return &Error{Origin: b.origin, Where: fmt.Sprintf("buses[%d]", b.index),
				Msg: fmt.Sprintf("the name %q is already used by buses[%d] of %s", b.Name, prev.index, originName(prev.origin))}
		}
		names[b.Name] = b
		if len(b.Sends)+len(b.PropagatingSends)+len(b.Receives)+len(b.ReceiveCallbacks)+len(b.ReceiveChans)+len(b.Injectors)+len(b.Extractors) == 0 {
			return b.errorf("", 0, "", "declares no sends, receives, injectors or extractors")
		}
		if len(b.Messages) == 0 {
			return b.errorf("", 0, "", "declares no messages")
		}
		for i, m := range b.Messages {
			if err := checkTypeName(m.Type); err != nil {
				return b.errorf("messages", i, "", "%v", err)
			}
			if prev, ok := types[m.Type]; ok {
				return b.errorf("messages", i, m.Type, "declared twice: also %s", prev.b.where(prev.what, prev.i, ""))
			}
			if client, ok := builtin[m.Type]; ok {
				return b.errorf("messages", i, m.Type, "is already known to tracewire (%s)", client)
			}
			types[m.Type] = seenAt{b, "messages", i}
			switch m.Direction {
			case Produced, Consumed, Both:
			default:
				return b.errorf("messages", i, m.Type, "unknown direction %q (one of %q, %q, %q)", m.Direction, Produced, Consumed, Both)
			}
			if err := knowledge.ValidShape(m.Shape); err != nil {
				return b.errorf("messages", i, m.Type, "%v", err)
			}
			switch {
			case m.HeaderField == "" && m.HeaderMethod == "":
				return b.errorf("messages", i, m.Type, "give header_field (the field holding the headers) or header_method (the method returning them)")
			case m.HeaderField != "" && m.HeaderMethod != "":
				return b.errorf("messages", i, m.Type, "give header_field or header_method, not both")
			case m.HeaderMethod != "" && m.Direction != Consumed:
				return b.errorf("messages", i, m.Type, "header_method is only for consumed messages: a producer's fix writes into the headers, which needs header_field")
			}
			for _, f := range []string{m.HeaderField, m.HeaderMethod} {
				if f != "" && (!token.IsIdentifier(f) || !token.IsExported(f)) {
					return b.errorf("messages", i, m.Type, "%q is not an exported field or method name", f)
				}
			}
			if m.KeyIsBytes && m.Shape != knowledge.ShapeRecords {
				return b.errorf("messages", i, m.Type, "key_is_bytes is only for shape %q", knowledge.ShapeRecords)
			}
		}
		for i, s := range b.Sends {
			if err := useFunc(b, "sends", i, s.Func); err != nil {
				return err
			}
		}
		for i, s := range b.PropagatingSends {
			if err := useFunc(b, "propagating_sends", i, s.Func); err != nil {
				return err
			}
			if s.ContextArg == s.MessageArg {
				return b.errorf("propagating_sends", i, s.Func, "context_arg and message_arg are both %d", s.MessageArg)
			}
		}
		for i, r := range b.Receives {
			if err := useFunc(b, "receives", i, r.Func); err != nil {
				return err
			}
		}
		for i, r := range b.ReceiveCallbacks {
			if err := useFunc(b, "receive_callbacks", i, r.Func); err != nil {
				return err
			}
		}
		for i, r := range b.ReceiveChans {
			if err := useFunc(b, "receive_chans", i, r.Func); err != nil {
				return err
			}
		}
		for i, r := range b.Injectors {
			if err := useFunc(b, "injectors", i, r.Func); err != nil {
				return err
			}
		}
		for i, r := range b.Extractors {
			if err := useFunc(b, "extractors", i, r.Func); err != nil {
				return err
			}
		}
	}
	return nil
}

func originName(origin string) string {
	if origin == "" {
		return "the configuration"
	}
	return origin
}

// builtinNames maps the functions and message types of the built-in
// table to the client that declares them.
func builtinNames() map[string]string {
	m := map[string]string{}
	for _, c := range knowledge.Clients {
		for _, s := range c.Sends {
			m[s.Func] = c.Name + " send"
		}
		for _, s := range c.SendChans {
			m[s.Func] = c.Name + " send channel"
		}
		for _, r := range c.Receives {
			m[r] = c.Name + " receive"
		}
		for _, r := range c.ReceiveChans {
			m[r.Func] = c.Name + " receive channel"
		}
		for _, msg := range c.Messages {
			m[msg.Pkg+"."+msg.Name] = c.Name + " message"
		}
	}
	for _, e := range knowledge.Extractors {
		m[e.Func] = "extractor"
	}
	for _, in := range knowledge.Injectors {
		m[in.Func] = "injector"
	}
	return m
}

// A FuncName is a parsed function name in go/types FullName syntax:
// pkg/path.Func, (pkg/path.T).M or (*pkg/path.T).M.
type FuncName struct {
	Pkg string
	// Recv is the receiver's type name ("" for a function), Ptr whether
	// the receiver is a pointer.
	Recv string
	Ptr  bool
	Name string
}

// ParseFuncName parses a function name in go/types FullName syntax. The
// package path may contain dots (github.com/nats-io/nats.go): it ends at
// the last one.
func ParseFuncName(s string) (FuncName, error) {
	bad := func(why string) (FuncName, error) {
		return FuncName{}, fmt.Errorf("malformed function name %q: %s (write pkg/path.Func, (pkg/path.T).M or (*pkg/path.T).M)", s, why)
	}
	if strings.ContainsAny(s, " \t[]") {
		return bad("spaces and type parameters are not allowed")
	}
	if strings.HasPrefix(s, "(") {
		recv, method, ok := strings.Cut(s[1:], ").")
		if !ok {
			return bad(`a receiver in parentheses must be followed by ".Method"`)
		}
		ptr := strings.HasPrefix(recv, "*")
		pkg, typ, err := splitQualified(strings.TrimPrefix(recv, "*"))
		if err != nil {
			return bad(err.Error())
		}
		if !token.IsIdentifier(method) {
			return bad(fmt.Sprintf("%q is not a method name", method))
		}
		return FuncName{Pkg: pkg, Recv: typ, Ptr: ptr, Name: method}, nil
	}
	if strings.ContainsAny(s, "()*") {
		return bad("a method's receiver goes in parentheses, at the start")
	}
	pkg, name, err := splitQualified(s)
	if err != nil {
		return bad(err.Error())
	}
	return FuncName{Pkg: pkg, Name: name}, nil
}

// String spells the name in go/types FullName syntax.
func (f FuncName) String() string {
	if f.Recv == "" {
		return f.Pkg + "." + f.Name
	}
	star := ""
	if f.Ptr {
		star = "*"
	}
	return "(" + star + f.Pkg + "." + f.Recv + ")." + f.Name
}

// Short spells the name for diagnostics: Recv.Method, or pkg.Func with the
// last element of the package path.
func (f FuncName) Short() string {
	if f.Recv != "" {
		return f.Recv + "." + f.Name
	}
	return f.Pkg[strings.LastIndexByte(f.Pkg, '/')+1:] + "." + f.Name
}

// splitQualified splits "pkg/path.Name" at the last dot.
func splitQualified(s string) (pkg, name string, err error) {
	dot := strings.LastIndexByte(s, '.')
	if dot <= 0 {
		return "", "", errors.New("no package path")
	}
	pkg, name = s[:dot], s[dot+1:]
	if !token.IsIdentifier(name) {
		return "", "", fmt.Errorf("%q is not a Go name", name)
	}
	if strings.ContainsAny(pkg, "()*\\") || strings.HasPrefix(pkg, "/") || strings.HasSuffix(pkg, "/") || strings.Contains(pkg, "//") {
		return "", "", fmt.Errorf("%q is not a package path", pkg)
	}
	return pkg, name, nil
}

func checkFuncName(s string) error {
	_, err := ParseFuncName(s)
	return err
}

func checkTypeName(s string) error {
	if strings.ContainsAny(s, " \t[]()*") {
		return fmt.Errorf("malformed type name %q: write pkg/path.Name (no pointer, no type arguments)", s)
	}
	if _, _, err := splitQualified(s); err != nil {
		return fmt.Errorf("malformed type name %q: %w (write pkg/path.Name)", s, err)
	}
	return nil
}

// --- strict decoding ---

// An object is a JSON object with its keys in order.
type object struct {
	keys []string
	vals map[string]any
}

// readValue reads one JSON value, keeping the order of object keys and
// rejecting a key given twice.
func readValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &object{vals: map[string]any{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := readValue(dec)
				if err != nil {
					return nil, err
				}
				// A key given twice is kept twice: the decoder reports
				// it, naming the entry.
				o.keys = append(o.keys, k)
				o.vals[k] = v
			}
			_, err := dec.Token() // '}'
			return o, err
		case '[':
			list := []any{}
			for dec.More() {
				v, err := readValue(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := dec.Token() // ']'
			return list, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return tok, nil
	}
}

type decoder struct {
	origin string
	fold   bool
}

// A step is one element of the path to a value, for errors.
type step struct {
	key   string // a key of an object, or
	index int    // an index in a list (key == "")
	name  string // the bus's name, for buses[i]
}

func where(path []step) string {
	var b strings.Builder
	for i, s := range path {
		if s.key != "" {
			if i > 0 && path[i-1].key != "" {
				b.WriteString(".")
			} else if i > 0 {
				b.WriteString(": ")
			}
			b.WriteString(s.key)
			continue
		}
		fmt.Fprintf(&b, "[%d]", s.index)
		if s.name != "" {
			fmt.Fprintf(&b, " %q", s.name)
		}
	}
	return b.String()
}

func (d *decoder) errorf(path []step, format string, args ...any) error {
	return &Error{Origin: d.origin, Where: where(path), Msg: fmt.Sprintf(format, args...)}
}

// keyError names a key in an entry: `buses[0] "acme": sends[1]: unknown key "x"`.
func (d *decoder) keyError(path []step, format string, args ...any) error {
	return d.errorf(path, format, args...)
}

func fold(k string) string {
	return strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(k))
}

// fields returns the json names of a struct type's exported fields, and
// whether each is required.
func fields(t reflect.Type) (names []string, required map[string]bool, index map[string]int) {
	required, index = map[string]bool{}, map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		names = append(names, name)
		index[name] = i
		required[name] = f.Tag.Get("tw") == "required"
	}
	return names, required, index
}

// value decodes v into the settable rv, at path.
func (d *decoder) value(v any, rv reflect.Value, path []step) error {
	switch rv.Kind() {
	case reflect.Struct:
		o, err := d.object(v, path)
		if err != nil {
			return err
		}
		names, required, index := fields(rv.Type())
		given := map[string]bool{}
		// The name of a bus first, so that errors in it name it.
		if len(path) > 0 && rv.Type() == reflect.TypeFor[Bus]() {
			if n, ok := o.vals[d.match(o, "name", names)].(string); ok {
				path[len(path)-1].name = n
			}
		}
		for _, k := range o.keys {
			name := d.canon(k, names)
			if name == "" {
				return d.keyError(path, "unknown key %q (keys: %s)", k, strings.Join(names, ", "))
			}
			if given[name] {
				return d.keyError(path, "key %q is given twice", name)
			}
			given[name] = true
			if err := d.value(o.vals[k], rv.Field(index[name]), append(path, step{key: name})); err != nil {
				return err
			}
		}
		for _, name := range names {
			if required[name] && !given[name] {
				return d.errorf(path, "missing key %q", name)
			}
		}
		return nil
	case reflect.Slice:
		list, ok := v.([]any)
		if !ok {
			return d.errorf(path, "must be a list, not %s", describe(v))
		}
		out := reflect.MakeSlice(rv.Type(), len(list), len(list))
		for i, e := range list {
			p := slices.Concat(path, []step{{index: i}})
			if err := d.value(e, out.Index(i), p); err != nil {
				return err
			}
		}
		rv.Set(out)
		return nil
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return d.errorf(path, "must be a string, not %s", describe(v))
		}
		rv.SetString(s)
		return nil
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return d.errorf(path, "must be true or false, not %s", describe(v))
		}
		rv.SetBool(b)
		return nil
	case reflect.Int:
		n, ok := integer(v)
		if !ok || n < 0 {
			return d.errorf(path, "must be an argument index (0, 1, ...), not %s", describe(v))
		}
		rv.SetInt(n)
		return nil
	}
	return d.errorf(path, "cannot decode into %s", rv.Type())
}

// object returns v as an object with its keys in order (sorted when v is
// a Go map: YAML's order is lost).
func (d *decoder) object(v any, path []step) (*object, error) {
	switch o := v.(type) {
	case *object:
		return o, nil
	case map[string]any:
		keys := make([]string, 0, len(o))
		for k := range o {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return &object{keys: keys, vals: o}, nil
	case map[any]any:
		m := map[string]any{}
		for k, val := range o {
			ks, ok := k.(string)
			if !ok {
				return nil, d.errorf(path, "key %v is not a string", k)
			}
			m[ks] = val
		}
		return d.object(m, path)
	}
	if len(path) == 0 {
		return nil, d.errorf(path, `the configuration must be an object {"buses": [...]}, not %s`, describe(v))
	}
	return nil, d.errorf(path, "must be an object, not %s", describe(v))
}

// canon returns the documented name that key k spells, or "".
func (d *decoder) canon(k string, names []string) string {
	for _, n := range names {
		if k == n || (d.fold && fold(k) == fold(n)) {
			return n
		}
	}
	return ""
}

// match returns the key of o that spells name, or "".
func (d *decoder) match(o *object, name string, names []string) string {
	for _, k := range o.keys {
		if d.canon(k, names) == name {
			return k
		}
	}
	return ""
}

func integer(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	case float64:
		if n == float64(int64(n)) {
			return int64(n), true
		}
	case int:
		return int64(n), true
	case int64:
		return n, true
	case uint64:
		return int64(n), n < 1<<62
	}
	return 0, false
}

// describe prints a decoded value with its kind, for errors.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("%q (a string)", v)
	case json.Number:
		return fmt.Sprintf("%s (a number)", v)
	case float64, int, int64, uint64:
		return fmt.Sprintf("%v (a number)", v)
	case bool:
		return fmt.Sprintf("%v (a boolean)", v)
	case []any:
		return "a list"
	case *object, map[string]any, map[any]any:
		return "an object"
	}
	return fmt.Sprintf("%v (%T)", v, v)
}

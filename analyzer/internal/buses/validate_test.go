package buses

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
)

// busSrc is package example.com/acme/bus, the bus acme declares.
const busSrc = `package bus

import "context"

type Message struct {
	Key     string
	Value   []byte
	Headers map[string]string
	Records []Record
	ByteKeys []ByteRecord
	headers map[string]string
}

type Record struct {
	Key   string
	Value []byte
}

type ByteRecord struct {
	Key   []byte
	Value []byte
}

type Event struct {
	Header map[string][]string
}

func (e *Event) Headers() map[string][]string { return e.Header }

type Alias = Message

type Client struct{ inner }

type inner struct{}

func (inner) Close() error { return nil }

func (c *Client) Publish(ctx context.Context, m *Message) error { return nil }
func (c *Client) PublishBatch(ctx context.Context, ms []*Message) error { return nil }
func (c *Client) PublishAll(ctx context.Context, ms ...Message) error { return nil }
func (c *Client) Next(ctx context.Context) (*Message, error) { return nil, nil }
func (c *Client) Subscribe(topic string, fn func(ctx context.Context, m *Message)) {}
func (c *Client) ChanSubscribe(topic string, ch chan<- *Message) {}
func (c *Client) SubscribePlain(topic string, fn func(m *Message)) {}
func (c Client) Value(m *Message) error { return nil }

type TracedClient struct{}

func (c *TracedClient) Publish(ctx context.Context, m *Message) error { return nil }

func Inject(ctx context.Context, m *Message)                   {}
func Extract(ctx context.Context, m *Message) context.Context { return ctx }
func NotAContext(ctx context.Context, m *Message) error       { return nil }

var Var int
`

// userSrc imports the bus.
const userSrc = `package user

import "example.com/acme/bus"

var _ bus.Message
`

// typeCheck type-checks the bus and a package importing it.
func typeCheck(t *testing.T) (busPkg, userPkg *types.Package) {
	t.Helper()
	fset := token.NewFileSet()
	std := importer.ForCompiler(fset, "source", nil)
	check := func(path, src string, imp types.Importer) *types.Package {
		f, err := parser.ParseFile(fset, path+".go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		pkg, err := (&types.Config{Importer: imp}).Check(path, fset, []*ast.File{f}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return pkg
	}
	busPkg = check("example.com/acme/bus", busSrc, std)
	userPkg = check("example.com/acme/user", userSrc, importerFunc(func(path string) (*types.Package, error) {
		if path == busPkg.Path() {
			return busPkg, nil
		}
		return std.Import(path)
	}))
	return busPkg, userPkg
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// config returns a configuration of bus acme with entries (JSON members
// of the bus object) after its messages.
func config(t *testing.T, entries string) *Config {
	t.Helper()
	src := `{"buses": [{"name": "acme", "messages": [
		{"type": "example.com/acme/bus.Message", "direction": "both", "header_field": "Headers", "shape": "map-string"},
		{"type": "example.com/acme/bus.Event", "direction": "consumed", "header_method": "Headers", "shape": "http-header"}
	], ` + entries + `}]}`
	c, err := Parse([]byte(src), "acme.json")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCheck(t *testing.T) {
	busPkg, userPkg := typeCheck(t)

	// The documented example, and shapes derived from signatures.
	good := config(t, `
		"sends": [{"func": "(*example.com/acme/bus.Client).Publish", "message_arg": 1},
		          {"func": "(*example.com/acme/bus.Client).PublishBatch", "message_arg": 1},
		          {"func": "(*example.com/acme/bus.Client).PublishAll", "message_arg": 1}],
		"propagating_sends": [{"func": "(*example.com/acme/bus.TracedClient).Publish", "message_arg": 1, "context_arg": 0}],
		"receives": [{"func": "(*example.com/acme/bus.Client).Next"}],
		"receive_callbacks": [{"func": "(*example.com/acme/bus.Client).Subscribe", "arg": 1}],
		"receive_chans": [{"func": "(*example.com/acme/bus.Client).ChanSubscribe", "arg": 1}],
		"injectors": [{"func": "example.com/acme/bus.Inject", "message_arg": 1}],
		"extractors": [{"func": "example.com/acme/bus.Extract", "message_arg": 1}]`)
	tbl := knowledge.Default.Extend(good.Convert(nil))
	shapes, errs := Check(good, tbl, busPkg)
	for _, err := range errs {
		t.Errorf("unexpected error: %v", err)
	}
	want := map[string]SendShape{
		"(*example.com/acme/bus.Client).Publish":       Single,
		"(*example.com/acme/bus.Client).PublishBatch":  Slice,
		"(*example.com/acme/bus.Client).PublishAll":    Variadic,
		"(*example.com/acme/bus.TracedClient).Publish": Single,
	}
	for f, sh := range want {
		if shapes[f] != sh {
			t.Errorf("shape of %s = %d, want %d", f, shapes[f], sh)
		}
	}

	// The source: the bus's importer gets the derived shapes; a package
	// importing neither gets the table as declared.
	s := NewSource(good, nil)
	ut, err := s.For(userPkg, true)
	if err != nil {
		t.Fatal(err)
	}
	bt, err := s.For(busPkg, true)
	if err != nil {
		t.Fatal(err)
	}
	if ut != bt {
		t.Errorf("the bus and its importer got different tables")
	}
	batch := types.NewMethodSet(types.NewPointer(busPkg.Scope().Lookup("Client").Type()))
	for i := 0; i < batch.Len(); i++ {
		fn := batch.At(i).Obj().(*types.Func)
		snd, ok := ut.Send(fn)
		switch fn.Name() {
		case "PublishBatch":
			if !ok || !snd.Slice {
				t.Errorf("PublishBatch: %+v, %v; want a slice send", snd, ok)
			}
		case "PublishAll":
			if !ok || !snd.Variadic {
				t.Errorf("PublishAll: %+v, %v; want a variadic send", snd, ok)
			}
		}
	}
	ctx := types.NewPackage("context", "context")
	if tbl, err := s.For(ctx, true); err != nil || tbl != s.base {
		t.Errorf("For(context) = %p, %v; want the declared table", tbl, err)
	}

	for _, tt := range []struct {
		name, entries, want string
	}{
		{"no function", `"receives": [{"func": "example.com/acme/bus.Next"}]`,
			`acme.json: buses[0] "acme": receives[0] "example.com/acme/bus.Next": package example.com/acme/bus has no function Next`},
		{"not a function", `"receives": [{"func": "example.com/acme/bus.Var"}]`,
			`receives[0] "example.com/acme/bus.Var": example.com/acme/bus.Var is not a function (a variable)`},
		{"no type", `"receives": [{"func": "(*example.com/acme/bus.Consumer).Next"}]`,
			`receives[0] "(*example.com/acme/bus.Consumer).Next": package example.com/acme/bus has no type Consumer`},
		{"no method", `"receives": [{"func": "(*example.com/acme/bus.Client).Poll"}]`,
			`receives[0] "(*example.com/acme/bus.Client).Poll": *example.com/acme/bus.Client has no method Poll`},
		{"pointer receiver", `"receives": [{"func": "(example.com/acme/bus.Client).Next"}]`,
			`the method has a pointer receiver: write (*example.com/acme/bus.Client).Next`},
		{"value receiver", `"sends": [{"func": "(*example.com/acme/bus.Client).Value", "message_arg": 0}]`,
			`the method is declared as (example.com/acme/bus.Client).Value: write that`},
		{"promoted", `"receives": [{"func": "(*example.com/acme/bus.Client).Close"}]`,
			`the method is declared as (example.com/acme/bus.inner).Close`},
		{"alias", `"receives": [{"func": "(*example.com/acme/bus.Alias).Next"}]`,
			`example.com/acme/bus.Alias is an alias of example.com/acme/bus.Message`},
		{"arg out of range", `"sends": [{"func": "(*example.com/acme/bus.Client).Publish", "message_arg": 2}]`,
			`sends[0] "(*example.com/acme/bus.Client).Publish": message_arg 2 is out of range: the function takes 2 arguments (counted from 0, without the receiver)`},
		{"arg not a message", `"sends": [{"func": "(*example.com/acme/bus.Client).Publish", "message_arg": 0}]`,
			`sends[0] "(*example.com/acme/bus.Client).Publish": message_arg 0 has type context.Context, not a declared message type`},
		{"consumed only", `"sends": [{"func": "(*example.com/acme/bus.Client).Publish", "message_arg": 1}], "extractors": [{"func": "(*example.com/acme/bus.Event).Headers", "message_arg": 0}]`,
			`extractors[0] "(*example.com/acme/bus.Event).Headers": message_arg 0 is out of range`},
		{"slice declared", `"sends": [{"func": "(*example.com/acme/bus.Client).Publish", "message_arg": 1, "slice": true}]`,
			`"slice" is true, but message_arg 1 has type *example.com/acme/bus.Message`},
		{"context arg", `"propagating_sends": [{"func": "(*example.com/acme/bus.TracedClient).Publish", "message_arg": 0, "context_arg": 1}]`,
			`propagating_sends[0] "(*example.com/acme/bus.TracedClient).Publish": message_arg 0 has type context.Context`},
		{"context arg type", `"propagating_sends": [{"func": "(*example.com/acme/bus.Client).PublishBatch", "message_arg": 0, "context_arg": 1}]`,
			`message_arg 0 has type context.Context, not a declared message type`},
		{"receive result", `"receives": [{"func": "example.com/acme/bus.NotAContext"}]`,
			`receives[0] "example.com/acme/bus.NotAContext": returns no consumed message (error)`},
		{"callback", `"receive_callbacks": [{"func": "(*example.com/acme/bus.Client).Subscribe", "arg": 0}]`,
			`receive_callbacks[0] "(*example.com/acme/bus.Client).Subscribe": arg 0 has type string, not a function taking a consumed message`},
		{"callback without context", `"receive_callbacks": [{"func": "(*example.com/acme/bus.Client).SubscribePlain", "arg": 1, "context_extracted": true}]`,
			`receive_callbacks[0] "(*example.com/acme/bus.Client).SubscribePlain": context_extracted is set, but the callback (arg 1, func(m *example.com/acme/bus.Message)) takes no context.Context`},
		{"chan", `"receive_chans": [{"func": "(*example.com/acme/bus.Client).Subscribe", "arg": 1}]`,
			`receive_chans[0] "(*example.com/acme/bus.Client).Subscribe": arg 1 has type func(ctx context.Context, m *example.com/acme/bus.Message), not a channel of a consumed message`},
		{"extractor result", `"extractors": [{"func": "example.com/acme/bus.NotAContext", "message_arg": 1}]`,
			`extractors[0] "example.com/acme/bus.NotAContext": returns no context.Context`},
		{"injector of a consumed message", `"injectors": [{"func": "(*example.com/acme/bus.Client).ChanSubscribe", "message_arg": 1}]`,
			`injectors[0] "(*example.com/acme/bus.Client).ChanSubscribe": message_arg 1 has type chan<- *example.com/acme/bus.Message, not a declared message type`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := config(t, tt.entries)
			tbl := knowledge.Default.Extend(c.Convert(nil))
			_, errs := Check(c, tbl, busPkg)
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.want) {
				t.Errorf("errors %q, want one containing\n\t%s", errs, tt.want)
			}
			// The source reports it for the bus and for its importer.
			s := NewSource(c, nil)
			for _, p := range []*types.Package{busPkg, userPkg} {
				if _, err := s.For(p, true); err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("For(%s): %v", p.Path(), err)
				}
				if _, err := s.For(p, false); err != nil {
					t.Errorf("For(%s, ill-typed): %v", p.Path(), err)
				}
			}
		})
	}
}

// Header fields and methods must exist and fit the declared shape.
func TestCheckHeaders(t *testing.T) {
	busPkg, _ := typeCheck(t)
	for _, tt := range []struct {
		name, message, want string
	}{
		{"ok records", `{"type": "example.com/acme/bus.Message", "direction": "both", "header_field": "Records", "shape": "records"}`, ""},
		{"ok byte keys", `{"type": "example.com/acme/bus.Message", "direction": "both", "header_field": "ByteKeys", "shape": "records", "key_is_bytes": true}`, ""},
		{"ok method", `{"type": "example.com/acme/bus.Event", "direction": "consumed", "header_method": "Headers", "shape": "http-header"}`, ""},
		{"no type", `{"type": "example.com/acme/bus.Msg", "direction": "both", "header_field": "Headers", "shape": "map-string"}`,
			`messages[0] "example.com/acme/bus.Msg": package example.com/acme/bus has no type Msg`},
		{"no field", `{"type": "example.com/acme/bus.Message", "direction": "both", "header_field": "Header", "shape": "map-string"}`,
			`messages[0] "example.com/acme/bus.Message": example.com/acme/bus.Message has no field Header`},
		{"no method", `{"type": "example.com/acme/bus.Event", "direction": "consumed", "header_method": "Header", "shape": "http-header"}`,
			`example.com/acme/bus.Event has no method Header`},
		{"wrong shape", `{"type": "example.com/acme/bus.Message", "direction": "both", "header_field": "Headers", "shape": "http-header"}`,
			`the headers Headers (map[string]string) do not fit shape "http-header": it needs map[string][]string`},
		{"records", `{"type": "example.com/acme/bus.Message", "direction": "both", "header_field": "Headers", "shape": "records"}`,
			`do not fit shape "records": it needs a slice of structs with fields Key string and Value []byte`},
		{"byte keys", `{"type": "example.com/acme/bus.Message", "direction": "both", "header_field": "ByteKeys", "shape": "records"}`,
			`(set "key_is_bytes": true)`},
		{"method shape", `{"type": "example.com/acme/bus.Event", "direction": "consumed", "header_method": "Headers", "shape": "map-any"}`,
			`the headers Headers() (map[string][]string) do not fit shape "map-any": it needs map[string]any`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(`{"buses": [{"name": "acme", "messages": [`+tt.message+`],
				"receives": [{"func": "(*example.com/acme/bus.Client).Next"}]}]}`), "acme.json")
			if err != nil {
				t.Fatal(err)
			}
			tbl := knowledge.Default.Extend(c.Convert(nil))
			_, errs := Check(c, tbl, busPkg)
			if tt.want == "" {
				for _, err := range errs {
					if !strings.Contains(err.Error(), "receives[0]") {
						t.Errorf("unexpected error: %v", err)
					}
				}
				return
			}
			if len(errs) == 0 || !strings.Contains(errs[0].Error(), tt.want) {
				t.Errorf("errors %q, want the first to contain\n\t%s", errs, tt.want)
			}
		})
	}
}

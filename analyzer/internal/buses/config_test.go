package buses

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
)

// acme is a valid configuration, the one docs/buses.md starts from.
const acme = `{"buses": [{
  "name": "acme",
  "messages": [{"type": "example.com/acme/bus.Message", "direction": "both",
                "header_field": "Headers", "shape": "map-string"}],
  "sends": [{"func": "(*example.com/acme/bus.Client).Publish", "message_arg": 1}],
  "propagating_sends": [{"func": "(*example.com/acme/bus.TracedClient).Publish", "message_arg": 1, "context_arg": 0}],
  "receives": [{"func": "(*example.com/acme/bus.Client).Next"}],
  "receive_callbacks": [{"func": "(*example.com/acme/bus.Client).Subscribe", "arg": 1}],
  "receive_chans": [{"func": "(*example.com/acme/bus.Client).ChanSubscribe", "arg": 1}],
  "injectors": [{"func": "example.com/acme/bus.Inject", "message_arg": 1}],
  "extractors": [{"func": "example.com/acme/bus.Extract", "message_arg": 1}]
}]}`

func TestParse(t *testing.T) {
	c, err := Parse([]byte(acme), "acme.json")
	if err != nil {
		t.Fatal(err)
	}
	clients, extractors, injectors := c.Convert(nil)
	if len(clients) != 1 {
		t.Fatalf("got %d clients, want 1", len(clients))
	}
	cl := clients[0]
	if cl.Name != "acme" || strings.Join(cl.Pkgs, ",") != "example.com/acme/bus" {
		t.Errorf("client %q with packages %q", cl.Name, cl.Pkgs)
	}
	if m := cl.Messages[0]; m.Pkg != "example.com/acme/bus" || m.Name != "Message" || !m.Produced || !m.Consumed || m.HeaderField != "Headers" || m.Shape != knowledge.ShapeStringMap {
		t.Errorf("message %+v", m)
	}
	if len(cl.Sends) != 2 {
		t.Fatalf("sends %+v", cl.Sends)
	}
	if s := cl.Sends[0]; s.Func != "(*example.com/acme/bus.Client).Publish" || s.Arg != 1 || s.Label != "acme Client.Publish" || s.Traced || s.Slice {
		t.Errorf("send %+v", s)
	}
	if s := cl.Sends[1]; !s.Traced || s.Ctx != 0 || s.Arg != 1 || s.Injector != "acme's TracedClient.Publish injects" {
		t.Errorf("propagating send %+v", s)
	}
	if len(cl.Receives) != 1 || len(cl.ReceiveChans) != 1 || cl.ReceiveChans[0].Arg != 1 {
		t.Errorf("receives %v, receive chans %v", cl.Receives, cl.ReceiveChans)
	}
	if len(extractors) != 1 || extractors[0].Arg != 1 || len(injectors) != 1 || injectors[0].Carrier != 1 {
		t.Errorf("extractors %+v, injectors %+v", extractors, injectors)
	}

	// The table: a package importing the bus imports a client.
	tbl := knowledge.Default.Extend(clients, extractors, injectors)
	if !tbl.IsClient("example.com/acme/bus") || knowledge.Default.IsClient("example.com/acme/bus") {
		t.Errorf("the extended table does not know the bus's package, or the default one does")
	}
}

// Every error names its entry.
func TestParseErrors(t *testing.T) {
	for _, tt := range []struct {
		name, config, want string
	}{
		{"not json", `{"buses": [`, `cfg.json: not valid JSON`},
		{"not an object", `[]`, `cfg.json: the configuration must be an object {"buses": [...]}, not a list`},
		{"top-level key", `{"bus": []}`, `cfg.json: unknown key "bus" (keys: buses)`},
		{"unknown key", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "records"}],
			"sends": [{"func": "a/b.F", "message_arg": 0}, {"func": "a/b.G", "mesage_arg": 1}]}]}`,
			`cfg.json: buses[0] "acme": sends[1]: unknown key "mesage_arg" (keys: func, message_arg, slice)`},
		{"duplicate key", `{"buses": [{"name": "a", "name": "b"}]}`, `cfg.json: buses[0] "b": key "name" is given twice`},
		{"missing key", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "records"}],
			"sends": [{"func": "a/b.F"}]}]}`, `buses[0] "acme": sends[0]: missing key "message_arg"`},
		{"wrong type", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "records"}],
			"sends": [{"func": "a/b.F", "message_arg": "1"}]}]}`, `buses[0] "acme": sends[0]: message_arg: must be an argument index (0, 1, ...), not "1" (a string)`},
		{"negative index", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "records"}],
			"receive_chans": [{"func": "a/b.F", "arg": -1}]}]}`, `buses[0] "acme": receive_chans[0]: arg: must be an argument index`},
		{"direction", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "out", "header_field": "H", "shape": "records"}],
			"sends": [{"func": "a/b.F", "message_arg": 0}]}]}`, `buses[0] "acme": messages[0] "a/b.M": unknown direction "out" (one of "produced", "consumed", "both")`},
		{"shape", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "map"}],
			"sends": [{"func": "a/b.F", "message_arg": 0}]}]}`, `buses[0] "acme": messages[0] "a/b.M": unknown header shape "map"`},
		{"no headers", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "shape": "records"}],
			"sends": [{"func": "a/b.F", "message_arg": 0}]}]}`, `buses[0] "acme": messages[0] "a/b.M": give header_field`},
		{"produced method", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_method": "H", "shape": "records"}],
			"sends": [{"func": "a/b.F", "message_arg": 0}]}]}`, `header_method is only for consumed messages`},
		{"key bytes", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "map-any", "key_is_bytes": true}],
			"sends": [{"func": "a/b.F", "message_arg": 0}]}]}`, `buses[0] "acme": messages[0] "a/b.M": key_is_bytes is only for shape "records"`},
		{"func name", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "records"}],
			"sends": [{"func": "*a/b.T.Publish", "message_arg": 0}]}]}`, `buses[0] "acme": sends[0]: malformed function name "*a/b.T.Publish": a method's receiver goes in parentheses`},
		{"func name no package", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "records"}],
			"receives": [{"func": "Next"}]}]}`, `buses[0] "acme": receives[0]: malformed function name "Next": no package path`},
		{"type name", `{"buses": [{"name": "acme", "messages": [{"type": "*a/b.M", "direction": "both", "header_field": "H", "shape": "records"}],
			"sends": [{"func": "a/b.F", "message_arg": 0}]}]}`, `buses[0] "acme": messages[0]: malformed type name "*a/b.M"`},
		{"duplicate func", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "records"}],
			"sends": [{"func": "a/b.F", "message_arg": 0}], "receives": [{"func": "a/b.F"}]}]}`, `buses[0] "acme": receives[0] "a/b.F": declared twice: also buses[0] "acme": sends[0]`},
		{"duplicate bus", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "records"}], "receives": [{"func": "a/b.F"}]},
			{"name": "acme", "messages": [{"type": "a/b.N", "direction": "both", "header_field": "H", "shape": "records"}], "receives": [{"func": "a/b.G"}]}]}`,
			`buses[1]: the name "acme" is already used by buses[0]`},
		{"built-in", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "records"}],
			"sends": [{"func": "(github.com/IBM/sarama.SyncProducer).SendMessage", "message_arg": 0}]}]}`,
			`buses[0] "acme": sends[0] "(github.com/IBM/sarama.SyncProducer).SendMessage": is already known to tracewire (sarama send)`},
		{"no messages", `{"buses": [{"name": "acme", "receives": [{"func": "a/b.F"}]}]}`, `buses[0] "acme": declares no messages`},
		{"nothing", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "records"}]}]}`,
			`buses[0] "acme": declares no sends, receives, injectors or extractors`},
		{"same args", `{"buses": [{"name": "acme", "messages": [{"type": "a/b.M", "direction": "both", "header_field": "H", "shape": "records"}],
			"propagating_sends": [{"func": "a/b.F", "message_arg": 1, "context_arg": 1}]}]}`, `buses[0] "acme": propagating_sends[0] "a/b.F": context_arg and message_arg are both 1`},
		{"trailing", `{"buses": []} {}`, `text after the configuration`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.config), "cfg.json")
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error\n\t%v\nwant it to contain\n\t%s", err, tt.want)
			}
		})
	}
}

// Decode (golangci-lint's settings) folds the spelling of keys, and is as
// strict as Parse otherwise.
func TestDecode(t *testing.T) {
	v := map[string]any{"buses": []any{map[string]any{
		"name":     "acme",
		"messages": []any{map[string]any{"type": "a/b.M", "direction": "both", "headerfield": "Headers", "shape": "map-string"}},
		"sends":    []any{map[string]any{"func": "(*a/b.C).Publish", "message-arg": 1}},
	}}}
	c, err := Decode(v, "golangci-lint settings")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Buses[0].Sends[0].MessageArg; got != 1 {
		t.Errorf("message_arg = %d, want 1", got)
	}
	v["buses"].([]any)[0].(map[string]any)["sends"] = []any{map[string]any{"func": "(*a/b.C).Publish", "msg_arg": 1}}
	_, err = Decode(v, "golangci-lint settings")
	if want := `golangci-lint settings: buses[0] "acme": sends[0]: unknown key "msg_arg"`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %q", err, want)
	}
	// A JSON file is spelled exactly.
	if _, err := Parse([]byte(`{"buses": [{"name": "acme", "Messages": []}]}`), "f.json"); err == nil || !strings.Contains(err.Error(), `unknown key "Messages"`) {
		t.Errorf("Parse accepted a key spelled otherwise: %v", err)
	}
}

func TestHash(t *testing.T) {
	a, err := Parse([]byte(acme), "a.json")
	if err != nil {
		t.Fatal(err)
	}
	// The same content, keys in another order, other white space.
	b, err := Parse([]byte(`{"buses": [{
  "extractors": [{"message_arg": 1, "func": "example.com/acme/bus.Extract"}],
  "injectors": [{"message_arg": 1, "func": "example.com/acme/bus.Inject"}],
  "receive_chans": [{"arg": 1, "func": "(*example.com/acme/bus.Client).ChanSubscribe"}],
  "receive_callbacks": [{"arg": 1, "func": "(*example.com/acme/bus.Client).Subscribe"}],
  "receives": [{"func": "(*example.com/acme/bus.Client).Next"}],
  "propagating_sends": [{"context_arg": 0, "message_arg": 1, "func": "(*example.com/acme/bus.TracedClient).Publish"}],
  "sends": [{"message_arg": 1, "func": "(*example.com/acme/bus.Client).Publish", "slice": false}],
  "messages": [{"shape": "map-string", "header_field": "Headers", "direction": "both", "type": "example.com/acme/bus.Message"}],
  "name": "acme"}]}`), "b.json")
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash() != b.Hash() {
		t.Errorf("equal configurations hash differently")
	}
	c, err := Parse([]byte(strings.Replace(acme, `"message_arg": 1}],
  "propagating_sends"`, `"message_arg": 2}],
  "propagating_sends"`, 1)), "c.json")
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash() == c.Hash() {
		t.Errorf("different configurations hash the same")
	}
	var none *Config
	if none.Hash() != (&Config{}).Hash() || none.Hash() == a.Hash() {
		t.Errorf("the empty configuration's hash")
	}
}

func TestParseFuncName(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want FuncName
		err  bool
	}{
		{in: "github.com/nats-io/nats.go.Connect", want: FuncName{Pkg: "github.com/nats-io/nats.go", Name: "Connect"}},
		{in: "(*github.com/nats-io/nats.go.Conn).PublishMsg", want: FuncName{Pkg: "github.com/nats-io/nats.go", Recv: "Conn", Ptr: true, Name: "PublishMsg"}},
		{in: "(example.com/bus.Publisher).Publish", want: FuncName{Pkg: "example.com/bus", Recv: "Publisher", Name: "Publish"}},
		{in: "bus.Publish", want: FuncName{Pkg: "bus", Name: "Publish"}},
		{in: "Publish", err: true},
		{in: "(*example.com/bus.Client)Publish", err: true},
		{in: "(*example.com/bus.Client).", err: true},
		{in: "example.com/bus.List[T].Add", err: true},
		{in: "example.com/bus.", err: true},
	} {
		got, err := ParseFuncName(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseFuncName(%q) = %+v, %v", tt.in, got, err)
		}
		if err == nil && got.String() != tt.in {
			t.Errorf("%+v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
}

// The Source loads a file once, merged with the inline buses; an error is
// every call's error.
func TestSource(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "buses.json")
	if err := os.WriteFile(path, []byte(acme), 0o644); err != nil {
		t.Fatal(err)
	}
	calls := 0
	s := NewSource(nil, func() (string, error) { calls++; return path, nil })
	for range 2 {
		tbl, err := s.Table()
		if err != nil {
			t.Fatal(err)
		}
		if !tbl.IsClient("example.com/acme/bus") {
			t.Errorf("the source's table does not know the bus")
		}
	}
	if calls != 1 {
		t.Errorf("the file's path was asked %d times, want once", calls)
	}

	inline, err := Parse([]byte(acme), "inline")
	if err != nil {
		t.Fatal(err)
	}
	s = NewSource(inline, func() (string, error) { return path, nil })
	if _, err := s.Table(); err == nil || !strings.Contains(err.Error(), `the name "acme" is already used by buses[0] of inline`) {
		t.Errorf("a bus declared inline and in the file: %v", err)
	}

	if tbl, err := Default.Table(); err != nil || tbl != knowledge.Default {
		t.Errorf("Default.Table() = %p, %v; want knowledge.Default", tbl, err)
	}
	s = NewSource(nil, func() (string, error) { return filepath.Join(dir, "missing.json"), nil })
	if _, err := s.Table(); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("a missing file: %v", err)
	}
}

package buses

import (
	"sort"

	"github.com/tracewire/tracewire/analyzer/internal/knowledge"
)

// A SendShape is how a send takes its message argument.
type SendShape int

const (
	// Single: one message (a pointer to one, or one by value).
	Single SendShape = iota
	// Slice: a slice of messages.
	Slice
	// Variadic: the variadic parameter, every argument from it on a
	// message (or, with ..., a slice of them).
	Variadic
)

// Convert returns the knowledge data of c: one client per bus, and the
// extractors and injectors of every bus. shapes gives the shapes of sends
// (by function name) derived from their signatures; a send missing from it
// takes the shape its declaration gives (Slice with "slice": true, else
// Single).
func (c *Config) Convert(shapes map[string]SendShape) ([]knowledge.Client, []knowledge.Extractor, []knowledge.Injector) {
	if c == nil {
		return nil, nil, nil
	}
	var clients []knowledge.Client
	var extractors []knowledge.Extractor
	var injectors []knowledge.Injector
	for _, b := range c.Buses {
		pkgs := map[string]bool{}
		fname := func(s string) FuncName {
			f, _ := ParseFuncName(s) // checked when decoded
			pkgs[f.Pkg] = true
			return f
		}
		cl := knowledge.Client{Name: b.Name}
		for _, m := range b.Messages {
			pkg, name, _ := splitQualified(m.Type)
			pkgs[pkg] = true
			cl.Messages = append(cl.Messages, knowledge.Message{
				Pkg: pkg, Name: name,
				Produced:    m.Direction == Produced || m.Direction == Both,
				Consumed:    m.Direction == Consumed || m.Direction == Both,
				HeaderField: m.HeaderField, HeaderAccessor: m.HeaderMethod,
				Shape: m.Shape, KeyIsBytes: m.KeyIsBytes,
			})
		}
		shaped := func(s knowledge.Send, declared bool) knowledge.Send {
			shape, ok := shapes[s.Func]
			if !ok && declared {
				shape = Slice
			}
			s.Slice, s.Variadic = shape == Slice, shape == Variadic
			return s
		}
		for _, s := range b.Sends {
			f := fname(s.Func)
			cl.Sends = append(cl.Sends, shaped(knowledge.Send{Func: s.Func, Arg: s.MessageArg, Label: b.Name + " " + f.Short()}, s.Slice))
		}
		for _, s := range b.PropagatingSends {
			f := fname(s.Func)
			cl.Sends = append(cl.Sends, shaped(knowledge.Send{
				Func: s.Func, Arg: s.MessageArg, Label: b.Name + " " + f.Short(),
				Traced: true, Ctx: s.ContextArg, Injector: b.Name + "'s " + f.Short() + " injects",
			}, s.Slice))
		}
		for _, r := range b.Receives {
			fname(r.Func)
			cl.Receives = append(cl.Receives, r.Func)
		}
		for _, r := range b.ReceiveChans {
			fname(r.Func)
			cl.ReceiveChans = append(cl.ReceiveChans, knowledge.ReceiveChan{Func: r.Func, Arg: r.Arg})
		}
		for _, r := range b.ReceiveCallbacks {
			fname(r.Func)
			cl.ReceiveCallbacks = append(cl.ReceiveCallbacks, knowledge.ReceiveCallback{Func: r.Func, Arg: r.Arg, Extracted: r.ContextExtracted})
		}
		for _, in := range b.Injectors {
			fname(in.Func)
			injectors = append(injectors, knowledge.Injector{Func: in.Func, Carrier: in.MessageArg})
		}
		for _, e := range b.Extractors {
			fname(e.Func)
			extractors = append(extractors, knowledge.Extractor{Func: e.Func, Arg: e.MessageArg})
		}
		for p := range pkgs {
			cl.Pkgs = append(cl.Pkgs, p)
		}
		sort.Strings(cl.Pkgs)
		clients = append(clients, cl)
	}
	return clients, extractors, injectors
}

// Packages returns the packages of every type and function c declares.
func (c *Config) Packages() map[string]bool {
	out := map[string]bool{}
	clients, _, _ := c.Convert(nil)
	for _, cl := range clients {
		for _, p := range cl.Pkgs {
			out[p] = true
		}
	}
	return out
}

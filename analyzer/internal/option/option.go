// Package option is the schema of the analyzers' options. An analyzer's
// Config declares each of its options once, with option.Bool (name, type,
// doc, and the field that holds it); every front end is made from those
// declarations:
//
//   - the command-line flags (go vet, go fix, standalone, nogo): Define,
//     called by check.New;
//   - the settings of the golangci-lint plugin and of the editor
//     (analyzer.DecodeSettings): Set, Kind;
//   - the flags the gopls front gives go vet for those settings: Value,
//     compared with the default's.
//
// Adding an option of a new type is one constructor here, one case in Set
// and one in Kind.
package option

import (
	"flag"
	"fmt"
	"strconv"
)

// An Option is one option of an analyzer, bound to the field of a Config
// that holds it.
type Option struct {
	// Name is the option's key: the flag is -ANALYZER.NAME and the
	// setting ANALYZER.NAME.
	Name string
	// Doc says what the option does, as the flag's usage and the
	// settings' documentation say it.
	Doc string

	b *bool
}

// Bool declares a boolean option held in *p; the value of *p when the
// option is declared is its default.
func Bool(p *bool, name, doc string) Option {
	return Option{Name: name, Doc: doc, b: p}
}

// Kind names the option's type as the settings' documentation and their
// errors name it.
func (o Option) Kind() string {
	if o.b != nil {
		return "bool"
	}
	panic("option " + o.Name + ": no type")
}

// Value returns the option's value, spelled as its flag takes it.
func (o Option) Value() string {
	if o.b != nil {
		return strconv.FormatBool(*o.b)
	}
	panic("option " + o.Name + ": no type")
}

// Set stores a value decoded from JSON or YAML settings. A value of the
// wrong type is an error that says what the option takes, in the words
// of the settings' errors ("must be true or false, not ...");
// describe prints the value given.
func (o Option) Set(v any, describe func(any) string) error {
	if o.b != nil {
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("must be true or false, not %s", describe(v))
		}
		*o.b = b
		return nil
	}
	panic("option " + o.Name + ": no type")
}

// Define defines a flag for each option in fs, bound to the option's
// field, with its current value as the default.
func Define(fs *flag.FlagSet, opts []Option) {
	for _, o := range opts {
		if o.b == nil {
			panic("option " + o.Name + ": no type")
		}
		fs.BoolVar(o.b, o.Name, *o.b, o.Doc)
	}
}

package analyzer

import (
	"github.com/tracewire/tracewire/analyzer/internal/buses"
)

// Buses declares in-house message buses (docs/buses.md): a program's own
// messaging API, whose sends, receives, message types, injectors and
// extractors the analyzers then treat like those of the built-in clients.
// A Buses is built inline (ParseBuses, DecodeBuses), from a file read when
// the analyzers first run (BusesFile), or both (WithFile). The zero value
// and nil declare nothing.
type Buses struct {
	inline *buses.Config
	file   func() (string, error)
}

// ParseBuses decodes a JSON configuration of buses strictly: an unknown
// key, a value of the wrong type, an unknown direction or shape, a
// malformed name or a duplicate is an error naming the entry. origin names
// the configuration in errors (a file name).
func ParseBuses(data []byte, origin string) (*Buses, error) {
	c, err := buses.Parse(data, origin)
	if err != nil {
		return nil, err
	}
	return &Buses{inline: c}, nil
}

// DecodeBuses decodes a configuration already decoded from YAML or JSON,
// {"buses": [...]} (golangci-lint's settings). Keys match without regard
// to case, '-' and '_'; anything else is as strict as ParseBuses.
func DecodeBuses(v any, origin string) (*Buses, error) {
	c, err := buses.Decode(v, origin)
	if err != nil {
		return nil, err
	}
	return &Buses{inline: c}, nil
}

// LoadBuses reads and parses the configuration file path now.
func LoadBuses(path string) (*Buses, error) {
	c, err := buses.Load(path)
	if err != nil {
		return nil, err
	}
	return &Buses{inline: c}, nil
}

// BusesFile declares the buses of the file path returns when the analyzers
// first run ("" for none): a path given by a flag parsed after the
// analyzers were built. An error it returns is the analyzers' error.
func BusesFile(path func() (string, error)) *Buses {
	return &Buses{file: path}
}

// WithFile returns b with the buses of the file path returns too (see
// BusesFile); declaring a bus name, function or type in both is an error.
func (b *Buses) WithFile(path func() (string, error)) *Buses {
	c := &Buses{file: path}
	if b != nil {
		c.inline = b.inline
	}
	return c
}

// Merge returns the buses of b and o together; declaring a bus name,
// function or type in both is an error. Neither may name a file.
func (b *Buses) Merge(o *Buses) (*Buses, error) {
	var x, y *buses.Config
	if b != nil {
		x = b.inline
	}
	if o != nil {
		y = o.inline
	}
	c, err := buses.Merge(x, y)
	if err != nil {
		return nil, err
	}
	return &Buses{inline: c}, nil
}

// Hash returns a deterministic hash of the inline configuration's content
// (not of a file's): equal for configurations that declare the same,
// whatever their spelling or key order.
func (b *Buses) Hash() string {
	if b == nil {
		return (*buses.Config)(nil).Hash()
	}
	return b.inline.Hash()
}

// BusesHash returns the hash of the configuration in file path, as Hash
// does, for tools that key caches on it (tracewire -V=full).
func BusesHash(path string) (string, error) {
	c, err := buses.Load(path)
	if err != nil {
		return "", err
	}
	return c.Hash(), nil
}

// source returns the table source of b.
func (b *Buses) source() *buses.Source {
	if b == nil || (b.inline.Empty() && b.file == nil) {
		return buses.Default
	}
	return buses.NewSource(b.inline, b.file)
}

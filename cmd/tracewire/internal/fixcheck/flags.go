package fixcheck

import (
	"flag"
	"io"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Flags of the x/tools driver (multichecker) that do not belong to an
// analyzer, as golang.org/x/tools/go/analysis/internal/analysisflags.Parse
// and internal/checker.RegisterFlags register them (x/tools v0.52.0), by
// whether they are boolean. TestE2EDriverFlags (in cmd/tracewire) checks them
// against the flags the binary prints with -flags.
var (
	driverBoolFlags  = []string{"flags", "V", "json", "fix", "diff", "source", "v", "all", "test"}
	driverValueFlags = []string{"c", "tags", "debug", "cpuprofile", "memprofile", "trace"}
	// toolValueFlags are tracewire's own flags on the driver's flag set
	// (package vettool): -config, passed on to both runs.
	toolValueFlags = []string{"config"}
)

// DriverFlags returns the names of the driver's own flags (not an analyzer's)
// that this package knows, tracewire's own -config included, and whether
// each is boolean.
func DriverFlags() map[string]bool {
	m := map[string]bool{}
	for _, n := range driverBoolFlags {
		m[n] = true
	}
	for _, n := range append(driverValueFlags, toolValueFlags...) {
		m[n] = false
	}
	return m
}

// A setting is one flag as given on the command line.
type setting struct {
	name, value string
}

// A recorder is a flag.Value that records every setting of its flag,
// leaving the analyzers' own flag values alone.
type recorder struct {
	name   string
	isBool bool
	log    *[]setting
}

func (r *recorder) String() string   { return "" }
func (r *recorder) IsBoolFlag() bool { return r.isBool }

func (r *recorder) Set(v string) error {
	if r.isBool {
		if _, err := strconv.ParseBool(v); err != nil {
			return err
		}
	}
	*r.log = append(*r.log, setting{r.name, v})
	return nil
}

// An invocation is a standalone `tracewire -fix` command line.
type invocation struct {
	cmdline  []string  // the command line, without the program name
	settings []setting // the flags, in order
	args     []string  // the package patterns
	diff     bool      // -diff: print the fixes, write nothing
	json     bool      // -json
	context  int       // -c N; -1 when not given
}

// last returns the last value given to the flag name, if any.
func last(settings []setting, name string) (string, bool) {
	for i := len(settings) - 1; i >= 0; i-- {
		if settings[i].name == name {
			return settings[i].value, true
		}
	}
	return "", false
}

// boolFlag returns the value of the boolean flag name (false when not given).
func boolFlag(settings []setting, name string) bool {
	v, ok := last(settings, name)
	b, _ := strconv.ParseBool(v) // validated by recorder.Set
	return ok && b
}

// parse reads the command line args (without the program name) the way the
// x/tools driver will, on a FlagSet of its own that mirrors the driver's
// flags: the global FlagSet stays untouched for multichecker. It returns
// the invocation and true for a standalone run with -fix, and false for
// anything else (go vet's and go fix's unitchecker protocol: -V=full,
// -flags or a single *.cfg argument; help; no packages; -fix=false; a
// command line the driver would reject), which is left to multichecker.
func parse(args []string, analyzers []*analysis.Analyzer) (*invocation, bool) {
	var settings []setting
	fs := flag.NewFlagSet("tracewire", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	define := func(name string, isBool bool) {
		if fs.Lookup(name) == nil {
			fs.Var(&recorder{name: name, isBool: isBool, log: &settings}, name, "")
		}
	}
	for _, a := range analyzers {
		define(a.Name, true) // enable flag (a tri-state boolean)
		a.Flags.VisitAll(func(f *flag.Flag) {
			b, ok := f.Value.(interface{ IsBoolFlag() bool })
			define(a.Name+"."+f.Name, ok && b.IsBoolFlag())
		})
	}
	for name, isBool := range DriverFlags() {
		define(name, isBool)
	}
	if err := fs.Parse(args); err != nil {
		return nil, false // the driver reports it
	}
	inv := &invocation{cmdline: args, settings: settings, args: fs.Args(), context: -1}
	if !boolFlag(settings, "fix") || boolFlag(settings, "flags") {
		return nil, false
	}
	if _, ok := last(settings, "V"); ok {
		return nil, false // go vet/go fix asking the version
	}
	switch {
	case len(inv.args) == 0, inv.args[0] == "help":
		return nil, false
	case len(inv.args) == 1 && strings.HasSuffix(inv.args[0], ".cfg"):
		return nil, false // go fix -fixtool: unitchecker
	}
	if v, ok := last(settings, "c"); ok {
		n, err := strconv.ParseInt(v, 0, strconv.IntSize)
		if err != nil {
			return nil, false
		}
		inv.context = int(n)
	}
	inv.diff = boolFlag(settings, "diff")
	inv.json = boolFlag(settings, "json")
	return inv, true
}

// checkArgs returns the command line that re-analyzes the packages after
// the fixes: the same flags and packages, without -fix, -diff and -c, with
// -json so that the findings come with their suggested fixes.
func (inv *invocation) checkArgs() []string {
	var out []string
	for _, s := range inv.settings {
		switch s.name {
		case "fix", "diff", "json", "c", "cpuprofile", "memprofile", "trace":
			continue
		}
		out = append(out, "-"+s.name+"="+s.value)
	}
	out = append(out, "-json", "--")
	return append(out, inv.args...)
}

// Package vettool is what tracewire's binaries (tracewire, and
// tracewire-gopls as its own vet tool) share as analysis drivers: the
// analyzers built for the in-house bus configuration (docs/buses.md), the
// -config flag and $TRACEWIRE_CONFIG that name it, and the -V=full
// version whose ID covers it and the go.mod files the analyses read.
//
// go vet and go fix cache a package's results under a key made of the
// tool's ID (what `tool -V=full` prints, run once per go command, with the
// environment but without any other flag), the flags, and the package's
// inputs: not the contents of a file a flag names. So under go vet the
// configuration is named by $TRACEWIRE_CONFIG, and -V=full prints an ID
// that hashes the executable and the configuration's content: editing the
// file changes the key, and go vet analyzes again. A -config flag under
// go vet naming another file would leave stale results in the cache: it
// is an error.
package vettool

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tracewire/tracewire/analyzer"
)

// ConfigEnv names the in-house bus configuration file under go vet and go
// fix (and, without -config, standalone).
const ConfigEnv = "TRACEWIRE_CONFIG"

// A Tool is one run of a tracewire binary as an analysis driver.
type Tool struct {
	args   []string // the command line, without the program name
	config *string  // the -config flag
	getenv func(string) string
	wd     func() (string, error) // the working directory
}

// New returns the tool for the command line args (without the program
// name) and registers -config on the global flag set, which the x/tools
// driver parses.
func New(args []string) *Tool {
	return newTool(args, flag.CommandLine, os.Getenv)
}

func newTool(args []string, fs *flag.FlagSet, getenv func(string) string) *Tool {
	t := &Tool{args: args, getenv: getenv, wd: os.Getwd}
	t.config = fs.String("config", "", "in-house bus configuration file (docs/buses.md); default $"+ConfigEnv+". Under go vet and go fix, use $"+ConfigEnv+" instead")
	return t
}

// Unit reports whether the go command runs the tool on one package (the
// unitchecker protocol: the last argument is a .cfg file).
func (t *Tool) Unit() bool {
	return len(t.args) > 0 && strings.HasSuffix(t.args[len(t.args)-1], ".cfg")
}

// Intercept handles what must happen before the driver parses the
// command line, and returns true and the exit code when the run is over:
//
//   - -V=full prints the tool's ID. A $TRACEWIRE_CONFIG that is relative,
//     cannot be read or does not parse is an error here, reported once
//     (go vet prints it and stops), rather than by every package.
//   - Under go vet and go fix (one package: a .cfg file), a -config flag
//     naming another file than $TRACEWIRE_CONFIG is an error: the go
//     command would cache results without regard to its contents.
//   - Standalone, the configuration is read now, so that an error in it
//     is reported once, not for every package; -flags and help need none.
func (t *Tool) Intercept(stdout, stderr io.Writer) (int, bool) {
	progname := filepath.Base(os.Args[0])
	fail := func(err error) (int, bool) {
		_, _ = fmt.Fprintf(stderr, "%s: %v\n", progname, err)
		return 1, true
	}
	switch {
	case len(t.args) == 1 && (t.args[0] == "-V=full" || t.args[0] == "--V=full"):
		if path := t.getenv(ConfigEnv); path != "" {
			if !filepath.IsAbs(path) {
				return fail(errRelative(path))
			}
			if _, err := analyzer.BusesHash(path); err != nil {
				return fail(fmt.Errorf("%s: %w", ConfigEnv, err))
			}
		}
		exe, err := os.Executable()
		if err != nil {
			return fail(err)
		}
		id, err := t.ID(exe)
		if err != nil {
			return fail(err)
		}
		if _, err := fmt.Fprintf(stdout, "%s version devel comments-go-here buildID=%s\n", exe, id); err != nil {
			return 1, true
		}
		return 0, true
	case t.Unit():
		if _, err := t.resolve(flagValue(t.args)); err != nil {
			return fail(err)
		}
	case !t.query():
		path, err := t.resolve(flagValue(t.args))
		if err == nil && path != "" {
			_, err = analyzer.BusesHash(path)
		}
		if err != nil {
			return fail(err)
		}
	}
	return 0, false
}

// query reports a command line that asks the driver about itself (-flags,
// help) and analyzes nothing.
func (t *Tool) query() bool {
	for _, a := range t.args {
		switch strings.TrimLeft(a, "-") {
		case "flags", "help", "h":
			return true
		}
	}
	return len(t.args) == 0
}

func errRelative(path string) error {
	return fmt.Errorf("%s=%s is a relative path: go vet and go fix run the tool in each package's directory; name the file by its absolute path", ConfigEnv, path)
}

// ID returns the tool's ID for the go command: a hash of the executable
// exe, as x/tools' drivers print it, of the configuration
// $TRACEWIRE_CONFIG names (its path and its content's hash; a file that
// cannot be read or parsed, by its bytes or the error, so that the runs
// report it), and of the direct requirements of the go.mod files of the
// module or workspace of the working directory (see modulesDigest). With
// neither a configuration nor a module, it is the drivers' ID.
func (t *Tool) ID(exe string) (string, error) {
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer func() { _ = f.Close() }()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	sum := h.Sum(nil)
	wd, err := t.wd()
	if err != nil {
		wd = ""
	}
	modules := modulesDigest(wd, t.getenv)
	path := t.getenv(ConfigEnv)
	if path == "" && modules == "" {
		return fmt.Sprintf("%02x", sum), nil // as x/tools' drivers print it
	}
	c := sha256.New()
	c.Write(sum)
	// Writes to a hash never fail.
	_, _ = fmt.Fprintf(c, "\x00modules=%s\x00", modules)
	if path == "" {
		return fmt.Sprintf("%02x", c.Sum(nil)), nil
	}
	// The path too: go vet resolves it in each package's directory, where
	// a relative one is an error, which a cached result must not hide.
	_, _ = fmt.Fprintf(c, "\x00%s=%s\x00", ConfigEnv, path)
	if hash, err := analyzer.BusesHash(path); err == nil {
		_, _ = c.Write([]byte(hash))
	} else if data, rerr := os.ReadFile(path); rerr == nil {
		_, _ = fmt.Fprintf(c, "invalid\x00%x", sha256.Sum256(data))
	} else {
		_, _ = fmt.Fprintf(c, "unreadable\x00%s", err)
	}
	return fmt.Sprintf("%02x", c.Sum(nil)), nil
}

// flagValue returns the value of the last -config flag of args, or "".
// The go command passes tool flags through as the user wrote them.
func flagValue(args []string) string {
	v := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "config" {
			continue
		}
		if !hasValue && i+1 < len(args) {
			i++
			value = args[i]
		}
		v = value
	}
	return v
}

// resolve returns the configuration file of the run: -config's (the
// flag's value, "" when not given) or $TRACEWIRE_CONFIG's, "" for none.
// Under go vet and go fix only $TRACEWIRE_CONFIG, by an absolute path,
// names it.
func (t *Tool) resolve(flagPath string) (string, error) {
	env := t.getenv(ConfigEnv)
	if !t.Unit() {
		if flagPath != "" {
			return flagPath, nil
		}
		return env, nil
	}
	if env != "" && !filepath.IsAbs(env) {
		return "", errRelative(env)
	}
	if flagPath != "" && !sameFile(flagPath, env) {
		return "", fmt.Errorf("-config=%s: under go vet and go fix, name the bus configuration with %s=/absolute/path instead: the go command caches results by the tool's ID and flags, not by the contents of the file a flag names, so editing it would leave stale results; the ID covers the file %s names", flagPath, ConfigEnv, ConfigEnv)
	}
	return env, nil
}

func sameFile(a, b string) bool {
	if b == "" {
		return false
	}
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// Buses returns the bus configuration of the run, read when the analyzers
// first run: by then the driver has parsed -config.
func (t *Tool) Buses() *analyzer.Buses {
	return analyzer.BusesFile(func() (string, error) { return t.resolve(*t.config) })
}

// Analyzers returns the suite's analyzers that run by default, built for
// the run's bus configuration.
func (t *Tool) Analyzers() []*analysis.Analyzer {
	return analyzer.Build(analyzer.Config{Buses: t.Buses()}, nil)
}

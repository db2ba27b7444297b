package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/tracewire/tracewire/analyzer"
	"github.com/tracewire/tracewire/cmd/internal/vettool"
	"github.com/tracewire/tracewire/cmd/tracewire-gopls/internal/lspproxy"
)

// goplsEnv names the real gopls.
const goplsEnv = "TRACEWIRE_GOPLS"

// isVetTool reports whether the go command runs this binary as a vet tool
// (the unitchecker protocol): to learn its version (-V=full) or flags
// (-flags), or to analyze one package (a .cfg file).
func isVetTool(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if strings.HasSuffix(args[len(args)-1], ".cfg") {
		return true
	}
	return slices.ContainsFunc(args, func(a string) bool {
		return a == "-flags" || a == "-V" || strings.HasPrefix(a, "-V=")
	})
}

// goplsValueFlags are gopls's flags that take a value (gopls help, gopls
// serve -h): "-flag value" consumes the next argument.
var goplsValueFlags = map[string]bool{
	"debug": true, "listen": true, "listen.timeout": true, "logfile": true,
	"mcp.listen": true, "mode": true, "otel": true, "port": true,
	"profile.alloc": true, "profile.block": true, "profile.cpu": true,
	"profile.mem": true, "profile.trace": true, "remote": true,
	"remote.debug": true, "remote.listen.timeout": true, "remote.logfile": true,
}

// parseArgs separates tracewire-gopls's own flags (-tracewire.*) from
// gopls's command line, and finds gopls's subcommand ("" for none) and
// whether its flags ask for help or a TCP listener.
func parseArgs(args []string) (own, gopls []string, sub string, help, listen bool) {
	inSub := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case !inSub && strings.HasPrefix(a, "-") && strings.HasPrefix(name, "tracewire."):
			own = append(own, a)
			if !hasValue && i+1 < len(args) {
				i++
				own = append(own, args[i])
			}
			continue
		case a == "--" || !strings.HasPrefix(a, "-") || a == "-":
			if !inSub && sub == "" {
				sub, inSub = a, true
			}
		case !inSub || sub == "serve":
			switch name {
			case "h", "help":
				help = true
			case "listen":
				listen = true
			}
			if goplsValueFlags[name] && !hasValue && i+1 < len(args) {
				gopls = append(gopls, a)
				i++
				a = args[i]
			}
		}
		gopls = append(gopls, a)
	}
	return own, gopls, sub, help, listen
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	own, goplsArgs, sub, help, listen := parseArgs(args)
	fs := flag.NewFlagSet("tracewire-gopls", flag.ContinueOnError)
	fs.SetOutput(stderr)
	goplsFlag := fs.String("tracewire.gopls", "", "path of the real gopls (default $"+goplsEnv+", else gopls on PATH)")
	debounce := fs.Duration("tracewire.debounce", 300*time.Millisecond, "pause after an edit before the unsaved text is analyzed")
	progressDelay := fs.Duration("tracewire.progress-delay", 500*time.Millisecond, "how long an analysis runs before it is shown as work-done progress")
	configFlag := fs.String("tracewire.config", "", "in-house bus configuration file (docs/buses.md), passed to the analyses as $"+vettool.ConfigEnv+" (default $"+vettool.ConfigEnv+")")
	if err := fs.Parse(own); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		logf(stderr, "unexpected argument %q among -tracewire.* flags", fs.Arg(0))
		return 2
	}
	gopls, err := findGopls(*goplsFlag)
	if err != nil {
		logf(stderr, "%v", err)
		return 1
	}
	serve := (sub == "" || sub == "serve") && !help
	if !serve {
		return passThrough(gopls, goplsArgs, stdin, stdout, stderr)
	}
	if listen {
		logf(stderr, "-listen serves over the network, which tracewire-gopls does not proxy: running gopls without tracewire")
		return passThrough(gopls, goplsArgs, stdin, stdout, stderr)
	}
	if os.Getenv(lspproxy.ChildEnv) != "" {
		logf(stderr, "started as gopls by tracewire-gopls: the gopls it found (%s) is tracewire-gopls; set %s to the real gopls", gopls, goplsEnv)
		return 1
	}
	self, err := os.Executable()
	if err != nil {
		logf(stderr, "%v", err)
		return 1
	}
	config, err := busConfig(*configFlag, os.Getenv(vettool.ConfigEnv))
	if err != nil {
		logf(stderr, "%v", err)
		return 1
	}
	if config != "" {
		if _, err := analyzer.BusesHash(config); err != nil {
			// Every analysis fails until the file is fixed; say why now.
			logf(stderr, "in-house bus configuration: %v", err)
		}
	}
	p := lspproxy.New(lspproxy.Options{
		Gopls:         gopls,
		GoplsArgs:     goplsArgs,
		VetTool:       self,
		Config:        config,
		Debounce:      *debounce,
		ProgressDelay: *progressDelay,
		Log:           stderr,
	})
	code, err := p.Run(stdin, stdout)
	if err != nil {
		logf(stderr, "%v", err)
	}
	return code
}

// busConfig returns the absolute path of the in-house bus configuration:
// the -tracewire.config flag's, else $TRACEWIRE_CONFIG's (either relative
// to the working directory), "" for none. go vet runs the tool in each
// package's directory, so the analyses get it by its absolute path.
func busConfig(flagValue, env string) (string, error) {
	path := flagValue
	if path == "" {
		path = env
	}
	if path == "" {
		return "", nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("in-house bus configuration %s: %w", path, err)
	}
	return abs, nil
}

// findGopls returns the real gopls: the flag's, $TRACEWIRE_GOPLS, or the
// first gopls on PATH that is not this binary.
func findGopls(flagValue string) (string, error) {
	for _, p := range []string{flagValue, os.Getenv(goplsEnv)} {
		if p != "" {
			path, err := exec.LookPath(p)
			if err != nil {
				return "", fmt.Errorf("gopls %q: %w", p, err)
			}
			return path, nil
		}
	}
	self, _ := os.Executable()
	selfInfo, _ := os.Stat(self)
	name := "gopls"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, name)
		info, err := os.Stat(p)
		if err != nil || info.IsDir() || runtime.GOOS != "windows" && info.Mode()&0o111 == 0 {
			continue
		}
		if selfInfo != nil && os.SameFile(info, selfInfo) {
			continue // this binary, installed as gopls
		}
		return p, nil
	}
	return "", errors.New("no gopls found on PATH; install it (go install golang.org/x/tools/gopls@latest) or name it with -tracewire.gopls or $" + goplsEnv)
}

// passThrough runs the real gopls with args and returns its exit code.
func passThrough(gopls string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := exec.Command(gopls, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		logf(stderr, "%v", err)
		return 1
	}
	return 0
}

func logf(w io.Writer, format string, args ...any) {
	_, _ = fmt.Fprintf(w, "tracewire-gopls: "+format+"\n", args...)
}

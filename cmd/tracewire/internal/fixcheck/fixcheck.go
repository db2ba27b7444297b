// Package fixcheck makes a standalone `tracewire -fix` report the findings
// it did not fix.
//
// The x/tools driver (multichecker) applies the suggested fixes under -fix
// and then prints nothing and exits 0, so a finding without a fix (or whose
// fix could not be applied) went unmentioned. The code that applies fixes
// (merging them, formatting the files, printing -diff) is internal to
// x/tools, so rather than copying it this package runs the driver twice, as
// children of the tracewire process:
//
//  1. the command line as given, with TRACEWIRE_DRIVER=1 so that the child
//     goes straight to multichecker: it applies the fixes (or, with -diff,
//     prints them);
//  2. the same command line without -fix and -diff and with -json: it
//     analyzes the packages again and lists what is left with its
//     suggested fixes.
//
// Then it prints what was not fixed, in the driver's `file:line:col:
// message` form on stderr (or, with -json, as the driver's JSON on stdout),
// with a summary line, and exits 3 when anything is left. After -fix, what
// is left is every finding of the second run: those without a fix and
// those whose fix could not be applied. After -fix -diff, nothing was
// written, so what is left is the findings without a suggested fix.
//
// go vet -vettool and go fix -fixtool (the unitchecker protocol: -V=full,
// -flags, a single *.cfg argument) never take this path: main calls
// multichecker.Main for them as before.
package fixcheck

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"golang.org/x/tools/go/analysis"
)

// DriverEnv is set in the environment of the child processes: with it,
// tracewire runs the x/tools driver as is, never this package's code.
const DriverEnv = "TRACEWIRE_DRIVER"

// Main runs a standalone `tracewire -fix` command line (os.Args) and returns
// its exit code and true. For any other command line, and in the child
// processes it starts, it returns false at once, doing nothing: the caller
// runs multichecker.Main.
func Main(analyzers []*analysis.Analyzer) (int, bool) {
	if os.Getenv(DriverEnv) != "" {
		return 0, false
	}
	inv, ok := parse(os.Args[1:], analyzers)
	if !ok {
		return 0, false
	}
	progname := filepath.Base(os.Args[0])
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", progname, err)
		return 1, true
	}
	return run(exe, progname, inv, os.Stdout, os.Stderr), true
}

// run fixes and re-analyzes the packages by running exe twice, and reports
// what is left on stdout and stderr. It returns the exit code.
func run(exe, progname string, inv *invocation, stdout, stderr io.Writer) int {
	say := func(format string, args ...any) {
		_, _ = fmt.Fprintf(stderr, "%s: "+format+"\n", append([]any{progname}, args...)...)
	}
	// 1. The driver's -fix, output passed through.
	fixCode, err := child(exe, inv.cmdline, stdout, stderr)
	if err != nil {
		say("%v", err)
		return 1
	}

	// 2. What is left. Its stderr would repeat the package errors the
	// first run printed, so it is shown only if its output is unusable.
	var out, errOut bytes.Buffer
	checkCode, err := child(exe, inv.checkArgs(), &out, &errOut)
	if err != nil {
		say("%v", err)
		return 1
	}
	res, err := parseTree(out.Bytes())
	if err != nil {
		if fixCode == 0 {
			// The first run went well: this failure is news.
			_, _ = stderr.Write(errOut.Bytes())
			say("re-analyzing after -fix: %v (exit status %d)", err, checkCode)
		}
		return max(fixCode, 1)
	}

	left := res.unfixed(inv.diff)
	if inv.json {
		if err := res.printJSON(stdout, left); err != nil {
			say("%v", err)
			return 1
		}
	} else if err := res.printText(stderr, left, inv.context); err != nil {
		say("%v", err)
		return 1
	}
	code := fixCode
	if len(res.errors) > 0 {
		code = max(code, 1) // an analyzer failed: the driver's -fix ignores it
	}
	if len(left) > 0 {
		say("%s", summary(left, inv.diff))
		code = max(code, 3)
	}
	return code
}

// child runs exe with args and DriverEnv set, and returns its exit code. An
// error means it did not run or did not exit normally.
func child(exe string, args []string, stdout, stderr io.Writer) (int, error) {
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), DriverEnv+"=1")
	cmd.Stdin = os.Stdin
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err := cmd.Run()
	if exit := (*exec.ExitError)(nil); errors.As(err, &exit) {
		if code := exit.ExitCode(); code >= 0 {
			return code, nil
		}
	}
	if err != nil {
		return 0, fmt.Errorf("running the analysis driver: %w", err)
	}
	return 0, nil
}

// summary is the line that follows the findings left.
func summary(left []finding, diff bool) string {
	if diff {
		return fmt.Sprintf("%s no suggested fix and %s not in the diff: fix %s by hand",
			plural(len(left), "finding has", "findings have"), verb(len(left), "is", "are"), verb(len(left), "it", "them"))
	}
	var noFix, failed int
	for _, f := range left {
		if f.hasFix {
			failed++
		} else {
			noFix++
		}
	}
	s := fmt.Sprintf("%s not fixed automatically:", plural(len(left), "finding was", "findings were"))
	if noFix > 0 {
		s += fmt.Sprintf(" %d %s no suggested fix, fix %s by hand", noFix, verb(noFix, "has", "have"), verb(noFix, "it", "them"))
	}
	if failed > 0 {
		if noFix > 0 {
			s += ";"
		}
		s += fmt.Sprintf(" %d %s a fix that could not be applied, run -fix again", failed, verb(failed, "has", "have"))
	}
	return s
}

// plural returns "n one" or "n many".
func plural(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, verb(n, one, many))
}

// verb returns one for n == 1, many otherwise.
func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

package main

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tracewire/tracewire/cmd/tracewire-gopls/internal/lspproxy"
)

// TestNoLeaks runs the proxy in the test's process through a session
// with edits, then shutdown and exit: afterwards no goroutine of the proxy
// is left, and no gopls.
func TestNoLeaks(t *testing.T) {
	bin, gopls := setup(t)
	dir := demoCopy(t)
	// The proxy's go commands run in this process's environment.
	for _, kv := range childEnv(gopls) {
		k, v, _ := strings.Cut(kv, "=")
		if os.Getenv(k) != v {
			t.Setenv(k, v)
		}
	}
	t.Chdir(dir)
	before := runtime.NumGoroutine()

	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	s := newSession(t, inW, outR)
	p := lspproxy.New(lspproxy.Options{
		Gopls:    gopls,
		VetTool:  bin, // the test binary is no vet tool
		Debounce: 50 * time.Millisecond,
		Log:      &lockedWriter{s: s},
	})
	go func() {
		code, err := p.Run(inR, outW)
		_ = outW.Close()
		if code != 0 && err == nil {
			err = io.ErrUnexpectedEOF
		}
		s.exited(err)
	}()

	path := filepath.Join(dir, "orderapi", "service.go")
	uri := fileURI(path)
	text := readFile(t, path)
	s.initialize(dir, nil)
	s.open(uri, text)
	s.waitDiags(uri, "tracewire's findings", func(ds []diagnostic) bool {
		return has(ds, func(d diagnostic) bool { return isTracewire(d, sendFinding) })
	})
	text = fixedText(t, s, uri, text) // a code action
	for i := range 3 {                // edits that cancel each other's analyses
		text += "\n// edit\n"
		s.change(uri, 2+i, text)
	}
	s.waitFor("an analysis of the edits", func() bool { return len(analysisDone.FindAllIndex(s.log.Bytes(), -1)) >= 2 })
	s.shutdown()
	_ = inW.Close()
	_ = outR.Close()

	// The session's reader goroutine ends with the pipe; the proxy's
	// must all be gone.
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines before the session, %d after:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

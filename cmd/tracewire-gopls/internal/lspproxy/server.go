package lspproxy

import (
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// ChildEnv is set in gopls's environment. A tracewire-gopls that finds it
// set when asked to serve was started as "gopls" by a tracewire-gopls: its
// real gopls is itself.
const ChildEnv = "TRACEWIRE_GOPLS_CHILD"

// A server is one gopls process.
type server struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	w      *writer
	r      *reader
	out    io.Closer // the read end of its stdout
	stderr *tail
	exited chan struct{} // closed when the process has exited
	done   chan struct{} // closed when the proxy has read all it said
	err    error         // its exit status, set before exited is closed
}

// startServer starts gopls with args, its stderr copied to logw.
func startServer(path string, args []string, logw io.Writer) (*server, error) {
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), ChildEnv+"=1")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	// An os.Pipe rather than StdoutPipe: Wait would close StdoutPipe's
	// read end, possibly before the last messages are read.
	out, outw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout = outw
	t := &tail{}
	cmd.Stderr = io.MultiWriter(logw, t)
	err = cmd.Start()
	_ = outw.Close()
	if err != nil {
		_ = out.Close()
		return nil, err
	}
	s := &server{cmd: cmd, in: in, w: &writer{w: in}, r: newReader(out), out: out, stderr: t, exited: make(chan struct{}), done: make(chan struct{})}
	go func() {
		s.err = cmd.Wait()
		close(s.exited)
	}()
	return s, nil
}

// stop closes gopls's stdin and waits for it to exit, killing it after
// grace.
func (s *server) stop(grace time.Duration) {
	_ = s.in.Close()
	select {
	case <-s.exited:
	case <-time.After(grace):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// A tail keeps the last bytes written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 2048

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > tailSize {
		t.buf = t.buf[len(t.buf)-tailSize:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

package lspproxy

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// maxBody is the largest message body accepted. A larger Content-Length is
// treated as a malformed frame.
const maxBody = 256 << 20

// A frameError is a malformed frame: headers without a usable
// Content-Length. The reader has consumed the bad headers and can go on
// reading the next frame.
type frameError struct{ msg string }

func (e *frameError) Error() string { return "malformed frame: " + e.msg }

// A reader reads LSP base-protocol frames (Content-Length headers, a blank
// line, a body).
type reader struct{ r *bufio.Reader }

func newReader(r io.Reader) *reader { return &reader{r: bufio.NewReaderSize(r, 64<<10)} }

// read returns the body of the next frame. A *frameError is recoverable;
// any other error (io.EOF included) ends the stream.
func (r *reader) read() ([]byte, error) {
	length := -1
	var bad []string
	seen := false
	for {
		line, err := r.r.ReadString('\n')
		if err != nil {
			if errors.Is(err, io.EOF) && (seen || line != "") {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if !seen {
				continue // stray blank line between frames
			}
			break
		}
		seen = true
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			bad = append(bad, fmt.Sprintf("header line %q", truncate(line, 40)))
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 || n > maxBody {
				bad = append(bad, fmt.Sprintf("Content-Length %q", truncate(strings.TrimSpace(value), 20)))
				continue
			}
			length = n
		}
	}
	if len(bad) > 0 {
		return nil, &frameError{strings.Join(bad, ", ")}
	}
	if length < 0 {
		return nil, &frameError{"no Content-Length header"}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r.r, body); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	return body, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// A writer writes frames; it is safe for concurrent use.
type writer struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *writer) write(body []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "Content-Length: %d\r\n\r\n", len(body))
	buf.Write(body)
	_, err := w.w.Write(buf.Bytes())
	return err
}

// A message is a JSON-RPC 2.0 request, notification or response, decoded
// only as far as routing needs; the body is relayed as it came.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   json.RawMessage `json:"error,omitempty"`
}

func (m *message) isRequest() bool      { return m.Method != "" && len(m.ID) > 0 }
func (m *message) isNotification() bool { return m.Method != "" && len(m.ID) == 0 }
func (m *message) isResponse() bool     { return m.Method == "" && len(m.ID) > 0 }

// idKey is a map key for a request id (a number or a string).
func idKey(id json.RawMessage) string { return string(bytes.TrimSpace(id)) }

// JSON-RPC error codes.
const (
	codeParseError     = -32700
	codeInvalidRequest = -32600
	codeRequestFailed  = -32803
)

func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only values built here are marshaled
	}
	return b
}

func notification(method string, params any) []byte {
	return marshal(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

func request(id string, method string, params any) []byte {
	return marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

func errorResponse(id json.RawMessage, code int, msg string) []byte {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	return marshal(map[string]any{"jsonrpc": "2.0", "id": id, "error": map[string]any{"code": code, "message": msg}})
}

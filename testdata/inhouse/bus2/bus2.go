// Package bus2 is an in-house bus over HTTP webhooks: an event is POSTed
// to a subscriber's URL, its headers sent as the request's headers.
// tracewire.json declares it to tracewire as the bus "webhook".
package bus2

import (
	"bytes"
	"context"
	"io"
	"net/http"
)

// Event is one webhook delivery.
type Event struct {
	Type   string
	Header map[string][]string
	Body   []byte
}

// Post delivers e to url.
func Post(ctx context.Context, url string, e *Event) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(e.Body))
	if err != nil {
		return err
	}
	for k, vs := range e.Header {
		req.Header[k] = vs
	}
	req.Header.Set("X-Event-Type", e.Type)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Receive reads the event a webhook request delivers.
func Receive(r *http.Request) (*Event, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	return &Event{Type: r.Header.Get("X-Event-Type"), Header: r.Header, Body: body}, nil
}

// Handler returns an HTTP handler that calls handle with every event
// delivered to it.
func Handler(handle func(ctx context.Context, e *Event)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e, err := Receive(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		handle(r.Context(), e)
	})
}

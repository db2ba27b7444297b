package orderapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel/trace"

	"example.com/shop/events"
)

// Handler serves the order API.
type Handler struct {
	svc    *Service
	events sarama.AsyncProducer
	log    *slog.Logger
}

// NewHandler returns the HTTP handler of the order API. Cancellations are
// published fire-and-forget through the asynchronous producer.
func NewHandler(svc *Service, async sarama.AsyncProducer, log *slog.Logger) *Handler {
	return &Handler{svc: svc, events: async, log: log}
}

// Routes returns the API's routes.
func (h *Handler) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", h.placeOrder)
	mux.HandleFunc("POST /orders/{id}/cancel", h.cancelOrder)
	mux.HandleFunc("POST /orders/{id}/payment", h.capturePayment)
	return mux
}

func (h *Handler) placeOrder(w http.ResponseWriter, r *http.Request) {
	var req PlaceOrderRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "malformed order", http.StatusBadRequest)
		return
	}
	order, err := h.svc.Place(r.Context(), req)
	switch {
	case errors.Is(err, ErrEmptyOrder):
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	case err != nil:
		h.log.ErrorContext(r.Context(), "placing order", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(order)
}

func (h *Handler) cancelOrder(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Reason string `json:"reason"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "malformed request", http.StatusBadRequest)
		return
	}
	id := r.PathValue("id")
	payload, err := json.Marshal(events.OrderCancelled{OrderID: id, Reason: body.Reason})
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	trace.SpanFromContext(r.Context()).AddEvent("order.cancel_requested")

	msg := &sarama.ProducerMessage{
		Topic: events.TopicOrderCancelled,
		Key:   sarama.StringEncoder(id),
		Value: sarama.ByteEncoder(payload),
	}
	h.events.Input() <- msg
	w.WriteHeader(http.StatusAccepted)
}

func (h *Handler) capturePayment(w http.ResponseWriter, r *http.Request) {
	var body struct {
		AmountCents int64 `json:"amount_cents"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "malformed request", http.StatusBadRequest)
		return
	}
	if err := h.svc.CapturePayment(r.Context(), r.PathValue("id"), body.AmountCents); err != nil {
		h.log.ErrorContext(r.Context(), "capturing payment", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

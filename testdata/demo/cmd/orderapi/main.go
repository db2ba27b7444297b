// Command orderapi serves the shop's order API.
package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"example.com/shop/events"
	"example.com/shop/orderapi"
)

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	brokers := flag.String("brokers", "localhost:9092", "comma-separated Kafka brokers")
	flag.Parse()

	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))

	cfg := sarama.NewConfig()
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Return.Successes = true

	sync, err := sarama.NewSyncProducer(strings.Split(*brokers, ","), cfg)
	if err != nil {
		log.Error("creating producer", "err", err)
		os.Exit(1)
	}
	defer sync.Close()
	async, err := sarama.NewAsyncProducer(strings.Split(*brokers, ","), sarama.NewConfig())
	if err != nil {
		log.Error("creating async producer", "err", err)
		os.Exit(1)
	}
	defer async.Close()
	go func() {
		for perr := range async.Errors() {
			log.Error("publishing event", "topic", perr.Msg.Topic, "err", perr.Err)
		}
	}()

	svc := orderapi.NewService(memoryStore{}, sync)
	srv := &http.Server{Addr: *addr, Handler: orderapi.NewHandler(svc, async, log).Routes()}
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("serving", "err", err)
		os.Exit(1)
	}
}

// memoryStore is a stand-in for the order database.
type memoryStore struct{}

func (memoryStore) Save(context.Context, events.OrderPlaced) error { return nil }
func (memoryStore) MarkPaid(context.Context, string, int64) error  { return nil }

// Command fulfillment runs the shop's fulfillment worker.
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"strings"

	"github.com/IBM/sarama"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"example.com/shop/events"
	"example.com/shop/fulfillment"
)

func main() {
	brokers := flag.String("brokers", "localhost:9092", "comma-separated Kafka brokers")
	flag.Parse()

	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	var wh warehouse
	addrs := strings.Split(*brokers, ",")
	cfg := sarama.NewConfig()
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	orders, err := sarama.NewConsumerGroup(addrs, "fulfillment-orders", cfg)
	if err != nil {
		log.Error("creating consumer group", "err", err)
		os.Exit(1)
	}
	defer orders.Close()
	cancellations, err := sarama.NewConsumerGroup(addrs, "fulfillment-cancellations", cfg)
	if err != nil {
		log.Error("creating consumer group", "err", err)
		os.Exit(1)
	}
	defer cancellations.Close()
	payments, err := fulfillment.NewPaymentPoller(*brokers, "fulfillment-payments", wh, log)
	if err != nil {
		log.Error("creating payment poller", "err", err)
		os.Exit(1)
	}

	errc := make(chan error, 3)
	go func() {
		errc <- fulfillment.Run(ctx, orders, events.TopicOrderPlaced, fulfillment.NewOrderHandler(wh, log))
	}()
	go func() {
		errc <- fulfillment.Run(ctx, cancellations, events.TopicOrderCancelled, fulfillment.NewCancellationHandler(wh))
	}()
	go func() { errc <- payments.Run(ctx) }()
	for range 3 {
		if err := <-errc; err != nil {
			log.Error("worker stopped", "err", err)
			stop()
		}
	}
}

// warehouse is a stand-in for the warehouse system.
type warehouse struct{}

func (warehouse) Reserve(context.Context, events.OrderPlaced) error { return nil }
func (warehouse) Release(context.Context, string) error             { return nil }
func (warehouse) Ship(context.Context, string) error                { return nil }

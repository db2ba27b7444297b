// Package riverp: River job inserts (Client.Insert, InsertTx, InsertMany,
// InsertManyTx). A job's trace context travels in its metadata
// (InsertOpts.Metadata, a JSON object), which otelriver's middleware fills
// on insert only with MiddlewareConfig.EnableTracePropagation.
package riverp

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"github.com/riverqueue/rivercontrib/otelriver"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

type SendEmailArgs struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
}

func (SendEmailArgs) Kind() string { return "send_email" }

func newClient(pool *pgxpool.Pool) (*river.Client[pgx.Tx], error) {
	return river.NewClient(riverpgxv5.New(pool), &river.Config{})
}

// Positives: clients without otelriver's trace propagation.

func insert(ctx context.Context, pool *pgxpool.Pool, to string) error {
	client, err := newClient(pool)
	if err != nil {
		return err
	}
	_, err = client.Insert(ctx, SendEmailArgs{To: to, Subject: "welcome"}, nil) // want `river Client.Insert sends a job without injected trace context \(the client is built without otelriver's middleware with EnableTracePropagation\): the consumer will start a new trace`
	return err
}

func insertWithOpts(ctx context.Context, pool *pgxpool.Pool, to string) error {
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		return err
	}
	opts := &river.InsertOpts{Queue: "email", Metadata: []byte(`{"source":"signup"}`)}
	_, err = client.Insert(ctx, SendEmailArgs{To: to}, opts) // want `river Client.Insert sends .* without injected trace context`
	return err
}

func insertTx(ctx context.Context, pool *pgxpool.Pool, to string) error {
	client, err := newClient(pool)
	if err != nil {
		return err
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := client.InsertTx(ctx, tx, SendEmailArgs{To: to}, &river.InsertOpts{MaxAttempts: 5}); err != nil { // want `river Client.InsertTx sends .* without injected trace context`
		return err
	}
	return tx.Commit(ctx)
}

func insertMany(ctx context.Context, pool *pgxpool.Pool, recipients []string) error {
	client, err := newClient(pool)
	if err != nil {
		return err
	}
	params := make([]river.InsertManyParams, 0, len(recipients))
	for _, to := range recipients {
		params = append(params, river.InsertManyParams{Args: SendEmailArgs{To: to}})
	}
	_, err = client.InsertMany(ctx, params) // want `river Client.InsertMany sends .*params without injected trace context`
	return err
}

// otelriver installed, but without EnableTracePropagation: it records spans
// and metrics and writes nothing into the job's metadata.
func metricsOnly(ctx context.Context, pool *pgxpool.Pool, to string) error {
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Middleware: []rivertype.Middleware{otelriver.NewMiddleware(nil)},
	})
	if err != nil {
		return err
	}
	_, err = client.Insert(ctx, SendEmailArgs{To: to}, nil) // want `river Client.Insert sends a job without injected trace context`
	return err
}

// Negatives.

// otelriver with trace propagation, in Middleware.
func traced(ctx context.Context, pool *pgxpool.Pool, to string) error {
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Middleware: []rivertype.Middleware{
			otelriver.NewMiddleware(&otelriver.MiddlewareConfig{EnableTracePropagation: true}),
		},
	})
	if err != nil {
		return err
	}
	_, err = client.Insert(ctx, SendEmailArgs{To: to}, nil)
	return err
}

// ... or in Plugins, which installs it as middleware and hook.
func tracedPlugin(ctx context.Context, pool *pgxpool.Pool, recipients []string) error {
	mw := otelriver.NewMiddleware(&otelriver.MiddlewareConfig{
		EnableTracePropagation:      true,
		EnableWorkSpanJobKindSuffix: true,
	})
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Plugins: []rivertype.Plugin{mw}})
	if err != nil {
		return err
	}
	params := make([]river.InsertManyParams, len(recipients))
	for i, to := range recipients {
		params[i] = river.InsertManyParams{Args: SendEmailArgs{To: to}}
	}
	_, err = client.InsertMany(ctx, params)
	return err
}

// The trace context written into the job's metadata by hand.
func injectedMetadata(ctx context.Context, pool *pgxpool.Pool, to string) error {
	client, err := newClient(pool)
	if err != nil {
		return err
	}
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	metadata, err := json.Marshal(carrier)
	if err != nil {
		return err
	}
	_, err = client.Insert(ctx, SendEmailArgs{To: to}, &river.InsertOpts{Metadata: metadata})
	return err
}

// A client built elsewhere: its middleware cannot be seen.
func viaParam(ctx context.Context, client *river.Client[pgx.Tx], to string) error {
	_, err := client.Insert(ctx, SendEmailArgs{To: to}, nil)
	return err
}

// No context at hand.
func noContext(pool *pgxpool.Pool, to string) error {
	client, err := newClient(pool)
	if err != nil {
		return err
	}
	_, err = client.Insert(context.Background(), SendEmailArgs{To: to}, nil)
	return err
}

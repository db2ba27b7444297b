// Package riverc: River workers (Worker.Work(ctx, *river.Job[T]), and
// river.WorkFunc). The ctx River gives Work derives from the context given
// to Client.Start; with otelriver's middleware and
// EnableTracePropagation, it carries the "river.work" span, linked to the
// span that inserted the job (the trace context is read from the job's
// metadata).
package riverc

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

var tracer = otel.Tracer("riverc")

type SendEmailArgs struct {
	To string `json:"to"`
}

func (SendEmailArgs) Kind() string { return "send_email" }

func send(ctx context.Context, to string) error { return nil }

// Positives.

type EmailWorker struct {
	river.WorkerDefaults[SendEmailArgs]
}

func (w *EmailWorker) Work(ctx context.Context, job *river.Job[SendEmailArgs]) error {
	ctx, span := tracer.Start(context.Background(), "email.send") // want `span "email.send" is started from context.Background\(\), not from the trace context in job's headers`
	defer span.End()
	return send(ctx, job.Args.To)
}

// Registered on a client without otelriver: Work's ctx is the one given to
// Start.
type ReceiptWorker struct {
	river.WorkerDefaults[SendEmailArgs]
}

func (w *ReceiptWorker) Work(ctx context.Context, job *river.Job[SendEmailArgs]) error {
	ctx, span := tracer.Start(ctx, "receipt.send") // want `span "receipt.send" is started from ctx, not from the trace context in job's headers`
	defer span.End()
	return send(ctx, job.Args.To)
}

func startPlain(ctx context.Context, pool *pgxpool.Pool) (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &ReceiptWorker{})
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}},
		Workers: workers,
	})
	if err != nil {
		return nil, err
	}
	return client, client.Start(ctx)
}

// Negatives.

// The job's metadata read by hand: a JSON object of strings.
type AuditWorker struct {
	river.WorkerDefaults[SendEmailArgs]
}

func (w *AuditWorker) Work(ctx context.Context, job *river.Job[SendEmailArgs]) error {
	carrier := propagation.MapCarrier{}
	if err := json.Unmarshal(job.Metadata, &carrier); err != nil {
		return err
	}
	ctx = otel.GetTextMapPropagator().Extract(ctx, carrier)
	ctx, span := tracer.Start(ctx, "audit.write")
	defer span.End()
	return send(ctx, job.Args.To)
}

// Registered on a client with otelriver's trace propagation: Work's ctx
// holds the work span, linked to the inserting span.
type WelcomeWorker struct {
	river.WorkerDefaults[SendEmailArgs]
}

func (w *WelcomeWorker) Work(ctx context.Context, job *river.Job[SendEmailArgs]) error {
	ctx, span := tracer.Start(ctx, "welcome.send")
	defer span.End()
	return send(ctx, job.Args.To)
}

func startTraced(ctx context.Context, pool *pgxpool.Pool) (*river.Client[pgx.Tx], error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &WelcomeWorker{})
	river.AddWorker(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[ReportArgs]) error {
		_, span := tracer.Start(ctx, "report.build")
		span.End()
		return nil
	}))
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}},
		Workers: workers,
		Middleware: []rivertype.Middleware{
			otelriver.NewMiddleware(&otelriver.MiddlewareConfig{EnableTracePropagation: true}),
		},
	})
	if err != nil {
		return nil, err
	}
	return client, client.Start(ctx)
}

type ReportArgs struct{}

func (ReportArgs) Kind() string { return "report" }

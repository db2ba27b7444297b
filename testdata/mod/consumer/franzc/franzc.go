// Package franzc holds consumerextract cases for franz-go (kgo): every way
// of reaching a fetched record (callbacks, slices, iterators, range over
// RecordsAll), with and without kotel's tracing hooks on the client.
package franzc

import (
	"context"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/plugin/kotel"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("worker")

func process(context.Context, []byte) {}

// --- clients without tracing hooks: extract by hand ---

func EachRecord(ctx context.Context, cl *kgo.Client) {
	fetches := cl.PollFetches(ctx)
	fetches.EachRecord(func(r *kgo.Record) {
		ctx, span := tracer.Start(ctx, "process") // want `span "process" is started from ctx, not from the trace context in r's headers: the message's trace is broken here; extract it with otel.GetTextMapPropagator\(\).Extract over r.Headers`
		process(ctx, r.Value)
		span.End()
	})
}

func Records(ctx context.Context, cl *kgo.Client) {
	for _, rec := range cl.PollRecords(ctx, 100).Records() {
		_, span := tracer.Start(context.Background(), "process") // want `started from context.Background\(\), not from the trace context in rec's headers`
		process(ctx, rec.Value)
		span.End()
	}
}

func Iter(ctx context.Context, cl *kgo.Client) {
	fetches := cl.PollFetches(ctx)
	iter := fetches.RecordIter()
	for !iter.Done() {
		rec := iter.Next()
		_, span := tracer.Start(ctx, "process") // want `started from ctx, not from the trace context in rec's headers`
		process(ctx, rec.Value)
		span.End()
	}
}

func All(ctx context.Context, cl *kgo.Client) {
	for rec := range cl.PollFetches(ctx).RecordsAll() {
		_, span := tracer.Start(ctx, "process") // want `started from ctx, not from the trace context in rec's headers`
		process(ctx, rec.Value)
		span.End()
	}
}

// Records reached through partitions and topics: the partition values
// only ever hold fetched records.
func Partitions(ctx context.Context, cl *kgo.Client) {
	cl.PollFetches(ctx).EachPartition(func(p kgo.FetchTopicPartition) {
		for _, rec := range p.Records {
			_, span := tracer.Start(ctx, "process") // want `started from ctx, not from the trace context in rec's headers`
			process(ctx, rec.Value)
			span.End()
		}
		p.EachRecord(func(r *kgo.Record) {
			_, span := tracer.Start(ctx, "again") // want `started from ctx, not from the trace context in r's headers`
			process(ctx, r.Value)
			span.End()
		})
	})
}

func Topics(ctx context.Context, cl *kgo.Client) {
	cl.PollFetches(ctx).EachTopic(func(t kgo.FetchTopic) {
		for _, rec := range t.Records() {
			_, span := tracer.Start(ctx, "process") // want `started from ctx, not from the trace context in rec's headers`
			process(ctx, rec.Value)
			span.End()
		}
	})
}

// A handler given fetches by its caller.
func Handle(ctx context.Context, fetches kgo.Fetches) {
	for _, rec := range fetches.Records() {
		_, span := tracer.Start(context.Background(), "process") // want `started from context.Background\(\), not from the trace context in rec's headers`
		process(ctx, rec.Value)
		span.End()
	}
}

// --- extracted: silent ---

func Extracted(ctx context.Context, cl *kgo.Client) {
	cl.PollFetches(ctx).EachRecord(func(r *kgo.Record) {
		rctx := otel.GetTextMapPropagator().Extract(ctx, kotel.NewRecordCarrier(r))
		_, span := tracer.Start(rctx, "process")
		span.End()
	})
}

// record.Context, set by kotel's hooks to the extracted context.
func RecordContext(ctx context.Context, cl *kgo.Client) {
	cl.PollFetches(ctx).EachRecord(func(r *kgo.Record) {
		_, span := tracer.Start(r.Context, "process")
		span.End()
	})
}

func ProcessSpan(ctx context.Context, cl *kgo.Client, kt *kotel.Tracer) {
	for _, r := range cl.PollFetches(ctx).Records() {
		rctx, span := kt.WithProcessSpan(r)
		_, child := tracer.Start(rctx, "process")
		child.End()
		span.End()
	}
}

func Linked(ctx context.Context, cl *kgo.Client) {
	for _, r := range cl.PollFetches(ctx).Records() {
		link := trace.LinkFromContext(r.Context)
		_, span := tracer.Start(ctx, "batch", trace.WithLinks(link))
		span.End()
	}
}

// A span started before the poll is not message handling.
func BeforePoll(ctx context.Context, cl *kgo.Client) {
	ctx, span := tracer.Start(ctx, "poll")
	defer span.End()
	cl.PollFetches(ctx).EachRecord(func(r *kgo.Record) {
		process(ctx, r.Value)
	})
}

// --- produced records: silent ---

// A promise reports on a record that was sent; it was not consumed.
func Promise(ctx context.Context, cl *kgo.Client) {
	rec := &kgo.Record{Value: []byte("v")}
	cl.Produce(ctx, rec, func(r *kgo.Record, err error) {
		_, span := tracer.Start(context.Background(), "delivered")
		span.End()
	})
	onDone := func(r *kgo.Record, err error) {
		_, span := tracer.Start(context.Background(), "delivered")
		span.End()
	}
	cl.Produce(ctx, rec, onDone)
	cl.Produce(ctx, rec, delivered)
}

func delivered(r *kgo.Record, err error) {
	_, span := tracer.Start(context.Background(), "delivered")
	span.End()
}

func Built(ctx context.Context) {
	rec := &kgo.Record{Value: []byte("v")}
	_, span := tracer.Start(context.Background(), "build")
	span.End()
	_ = rec
}

// --- clients built with kotel's tracing hooks: start from r.Context ---

func newTraced() *kgo.Client {
	cl, _ := kgo.NewClient(kgo.ConsumeTopics("orders"), kgo.WithHooks(kotel.NewTracer()))
	return cl
}

type Worker struct {
	cl *kgo.Client
}

func NewWorker() *Worker { return &Worker{cl: newTraced()} }

func (w *Worker) Run(ctx context.Context) {
	w.cl.PollFetches(ctx).EachRecord(func(r *kgo.Record) {
		ctx, span := tracer.Start(context.Background(), "process") // want `span "process" is started from context.Background\(\), not from the trace context in r's headers: the message's trace is broken here; start it from r.Context, which kotel's hooks set to the context extracted from the headers`
		process(ctx, r.Value)
		span.End()
	})
}

func (w *Worker) RunKeepingCancellation(ctx context.Context) {
	for _, rec := range w.cl.PollFetches(ctx).Records() {
		ctx, span := tracer.Start(ctx, "process") // want `started from ctx, not from the trace context in rec's headers: the message's trace is broken here; start it from rec.Context`
		process(ctx, rec.Value)
		span.End()
	}
}

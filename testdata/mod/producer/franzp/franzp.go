// Package franzp holds producerinject cases for franz-go (kgo), with and
// without kotel's tracing hooks installed on the client.
package franzp

import (
	"context"
	"net/http"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/plugin/kotel"
	"go.opentelemetry.io/otel"
)

// --- clients built here without tracing hooks ---

func PlainProduce(ctx context.Context, value []byte) error {
	cl, err := kgo.NewClient(kgo.SeedBrokers("localhost:9092"), kgo.DefaultProduceTopic("orders"))
	if err != nil {
		return err
	}
	rec := &kgo.Record{Value: value}
	cl.Produce(ctx, rec, nil) // want `franz-go Client.Produce sends rec without injected trace context \(the client is built without kotel's tracing hooks\)`
	return nil
}

func PlainTryProduce(ctx context.Context, value []byte) {
	opts := []kgo.Opt{kgo.SeedBrokers("localhost:9092")}
	opts = append(opts, kgo.ClientID("shop"))
	cl, _ := kgo.NewClient(opts...)
	cl.TryProduce(ctx, &kgo.Record{Topic: "orders", Value: value}, func(r *kgo.Record, err error) {}) // want `franz-go Client.TryProduce sends a message without`
}

func PlainProduceSync(ctx context.Context, a, b []byte) error {
	cl, err := kgo.NewClient()
	if err != nil {
		return err
	}
	first := &kgo.Record{Value: a}
	second := &kgo.Record{Value: b}
	otel.GetTextMapPropagator().Inject(ctx, kotel.NewRecordCarrier(first))
	return cl.ProduceSync(ctx, first, second).FirstErr() // want `franz-go Client.ProduceSync sends second without`
}

func PlainSpread(ctx context.Context, values [][]byte) error {
	cl, err := kgo.NewClient()
	if err != nil {
		return err
	}
	var recs []*kgo.Record
	for _, v := range values {
		recs = append(recs, &kgo.Record{Value: v})
	}
	return cl.ProduceSync(ctx, recs...).FirstErr() // want `franz-go Client.ProduceSync sends messages of recs without`
}

// Options from a function of the package whose facts say it installs no
// tracing hook.
func options() []kgo.Opt {
	return []kgo.Opt{kgo.SeedBrokers("localhost:9092"), kgo.RequiredAcks(kgo.AllISRAcks())}
}

func newPlainClient() (*kgo.Client, error) {
	return kgo.NewClient(options()...)
}

// A producer holding its client in an unexported field that every
// assignment in the package fills with an untraced client.
type Producer struct {
	client *kgo.Client
}

func NewProducer() (*Producer, error) {
	cl, err := newPlainClient()
	if err != nil {
		return nil, err
	}
	return &Producer{client: cl}, nil
}

func (p *Producer) Publish(ctx context.Context, value []byte) {
	p.client.Produce(ctx, &kgo.Record{Value: value}, nil) // want `Produce sends a message without`
}

// The promise's record is the record sent, not a consumed one.
func (p *Producer) PublishAndLog(r *http.Request, value []byte) {
	rec := &kgo.Record{Value: value}
	p.client.Produce(r.Context(), rec, func(r *kgo.Record, err error) {}) // want `Produce sends rec without injected trace context \(the client is built without kotel's tracing hooks\): the consumer will start a new trace; inject r.Context\(\) into the headers`
}

// --- clients built with kotel's tracing hooks ---

func newTracedClient() (*kgo.Client, error) {
	tracer := kotel.NewTracer()
	k := kotel.NewKotel(kotel.WithTracer(tracer))
	return kgo.NewClient(kgo.SeedBrokers("localhost:9092"), kgo.WithHooks(k.Hooks()...))
}

type TracedProducer struct {
	cl *kgo.Client
}

func NewTracedProducer() (*TracedProducer, error) {
	cl, err := newTracedClient()
	return &TracedProducer{cl: cl}, err
}

// The hooks inject the trace context of the ctx given to Produce.
func (p *TracedProducer) Publish(ctx context.Context, value []byte) {
	p.cl.Produce(ctx, &kgo.Record{Value: value}, nil)
}

// An empty context loses the trace although ctx is at hand.
func (p *TracedProducer) Detached(ctx context.Context, value []byte) {
	p.cl.Produce(context.Background(), &kgo.Record{Value: value}, nil) // want `franz-go Client.Produce is given context.Background\(\), so the kotel tracing hooks installed on the client inject an empty trace context: the consumer will start a new trace; pass ctx`
}

func (p *TracedProducer) DetachedSync(ctx context.Context, value []byte) error {
	rec := &kgo.Record{Value: value}
	bg := context.TODO()
	return p.cl.ProduceSync(bg, rec).FirstErr() // want `ProduceSync is given bg, so the kotel tracing hooks`
}

// The record's own context is what the hooks use.
func (p *TracedProducer) OwnContext(ctx context.Context, value []byte) {
	rec := &kgo.Record{Value: value, Context: ctx}
	p.cl.Produce(context.Background(), rec, nil)
}

func (p *TracedProducer) SetContext(ctx context.Context, value []byte) {
	rec := &kgo.Record{Value: value}
	rec.Context = ctx
	p.cl.Produce(context.Background(), rec, nil)
}

// No context at hand: nothing better to pass.
func (p *TracedProducer) NoContext(value []byte) {
	p.cl.Produce(context.Background(), &kgo.Record{Value: value}, nil)
}

// A meter-only kotel installs no tracing: the client is plain.
func MeterOnly(ctx context.Context, value []byte) {
	k := kotel.NewKotel(kotel.WithMeter(kotel.NewMeter()))
	cl, _ := kgo.NewClient(kgo.WithHooks(k.Hooks()...))
	cl.Produce(ctx, &kgo.Record{Value: value}, nil) // want `Produce sends a message without`
}

// A tracer handed in installs tracing.
func WithTracer(ctx context.Context, tracer *kotel.Tracer, value []byte) {
	cl, _ := kgo.NewClient(kgo.WithHooks(tracer))
	cl.Produce(ctx, &kgo.Record{Value: value}, nil)
}

// --- clients the analysis cannot classify: silent ---

func Param(ctx context.Context, cl *kgo.Client, value []byte) {
	cl.Produce(ctx, &kgo.Record{Value: value}, nil)
}

func OptionsFromCaller(ctx context.Context, value []byte, opts ...kgo.Opt) {
	cl, _ := kgo.NewClient(append(opts, kgo.SeedBrokers("localhost:9092"))...)
	cl.Produce(ctx, &kgo.Record{Value: value}, nil)
}

type Config struct {
	Brokers []string
	Extra   []kgo.Opt
}

func OptionsFromConfig(ctx context.Context, cfg Config, value []byte) {
	cl, _ := kgo.NewClient(kgo.SeedBrokers(cfg.Brokers...))
	cl.Produce(ctx, &kgo.Record{Value: value}, nil) // want `Produce sends a message without`
	other, _ := kgo.NewClient(cfg.Extra...)
	other.Produce(ctx, &kgo.Record{Value: value}, nil)
}

// Exported fields may be set by other packages.
type Exported struct {
	Client *kgo.Client
}

func (e *Exported) Publish(ctx context.Context, value []byte) {
	e.Client.Produce(ctx, &kgo.Record{Value: value}, nil)
}

// --- injected by hand on a plain client ---

func Injected(ctx context.Context, value []byte) {
	cl, _ := kgo.NewClient()
	rec := &kgo.Record{Value: value}
	otel.GetTextMapPropagator().Inject(ctx, kotel.NewRecordCarrier(rec))
	cl.Produce(ctx, rec, nil)
}

func Transact(ctx context.Context, value []byte) error {
	s, err := kgo.NewGroupTransactSession(kgo.TransactionalID("tx"))
	if err != nil {
		return err
	}
	return s.ProduceSync(ctx, &kgo.Record{Value: value}).FirstErr() // want `franz-go GroupTransactSession.ProduceSync sends a message without`
}

// A test's context carries no trace: there is no context at hand to inject.
func ProduceInTest(t *testing.T, value []byte) {
	cl, _ := kgo.NewClient()
	ctx := t.Context()
	cl.Produce(ctx, &kgo.Record{Value: value}, nil)
}

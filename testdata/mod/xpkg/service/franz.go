package service

import (
	"context"

	"github.com/twmb/franz-go/pkg/kgo"

	"example.com/tw/xpkg/kafkaclient"
)

// Clients built in another package are judged by that package's facts.

func PublishPlain(ctx context.Context, value []byte) error {
	cl, err := kafkaclient.Plain("localhost:9092")
	if err != nil {
		return err
	}
	return cl.ProduceSync(ctx, &kgo.Record{Value: value}).FirstErr() // want `franz-go Client.ProduceSync sends a message without injected trace context \(the client is built without kotel's tracing hooks\)`
}

func PublishTraced(ctx context.Context, value []byte) error {
	cl, err := kafkaclient.Traced("localhost:9092")
	if err != nil {
		return err
	}
	return cl.ProduceSync(ctx, &kgo.Record{Value: value}).FirstErr()
}

func PublishTracedDetached(ctx context.Context, value []byte) error {
	cl, err := kafkaclient.Traced("localhost:9092")
	if err != nil {
		return err
	}
	return cl.ProduceSync(context.Background(), &kgo.Record{Value: value}).FirstErr() // want `franz-go Client.ProduceSync is given context.Background\(\), so the kotel tracing hooks`
}

func PublishTracedOptions(ctx context.Context, value []byte) error {
	cl, err := kgo.NewClient(append(kafkaclient.TracingOptions(), kgo.SeedBrokers("localhost:9092"))...)
	if err != nil {
		return err
	}
	return cl.ProduceSync(ctx, &kgo.Record{Value: value}).FirstErr()
}

func PublishUnknown(ctx context.Context, opts []kgo.Opt, value []byte) error {
	cl, err := kafkaclient.With(opts...)
	if err != nil {
		return err
	}
	return cl.ProduceSync(ctx, &kgo.Record{Value: value}).FirstErr()
}

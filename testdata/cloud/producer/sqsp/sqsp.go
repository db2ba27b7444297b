// Package sqsp: SQS sends (SendMessage, SendMessageBatch) with and without
// trace context in MessageAttributes, whose values are
// types.MessageAttributeValue structs (DataType "String", StringValue).
package sqsp

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-sdk-go-v2/otelaws"
	"go.opentelemetry.io/contrib/propagators/aws/xray"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// Positives.

func sendMessage(ctx context.Context, client *sqs.Client, queueURL, body string) error {
	input := &sqs.SendMessageInput{
		QueueUrl:    aws.String(queueURL),
		MessageBody: aws.String(body),
	}
	_, err := client.SendMessage(ctx, input) // want `sqs Client.SendMessage sends input without injected trace context: the consumer will start a new trace`
	return err
}

func sendLiteral(ctx context.Context, client *sqs.Client, queueURL, body string) error {
	_, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &queueURL, MessageBody: &body}) // want `sqs Client.SendMessage sends a message without injected trace context`
	return err
}

// Attributes of the program's own, but no trace context among them.
func sendTenant(ctx context.Context, client *sqs.Client, queueURL, body, tenant string) error {
	input := &sqs.SendMessageInput{
		QueueUrl:    aws.String(queueURL),
		MessageBody: aws.String(body),
		MessageAttributes: map[string]types.MessageAttributeValue{
			"tenant": {DataType: aws.String("String"), StringValue: aws.String(tenant)},
		},
	}
	_, err := client.SendMessage(ctx, input) // want `sqs Client.SendMessage sends input without injected trace context`
	return err
}

// The injection goes into a carrier that never reaches the message.
func injectedElsewhere(ctx context.Context, client *sqs.Client, queueURL, body string) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	input := &sqs.SendMessageInput{QueueUrl: aws.String(queueURL), MessageBody: aws.String(body)}
	_, err := client.SendMessage(ctx, input) // want `sqs Client.SendMessage sends input without injected trace context`
	return err
}

// Each batch entry is a message: none of them carries the trace context.
func sendBatch(ctx context.Context, client *sqs.Client, queueURL string, bodies []string) error {
	entries := make([]types.SendMessageBatchRequestEntry, 0, len(bodies))
	for i, body := range bodies {
		entries = append(entries, types.SendMessageBatchRequestEntry{
			Id:          aws.String(strconv.Itoa(i)),
			MessageBody: aws.String(body),
		})
	}
	_, err := client.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{ // want `sqs Client.SendMessageBatch sends .*entries.* without injected trace context`
		QueueUrl: aws.String(queueURL),
		Entries:  entries,
	})
	return err
}

func sendBatchLiteral(ctx context.Context, client *sqs.Client, queueURL, a, b string) error {
	input := &sqs.SendMessageBatchInput{
		QueueUrl: aws.String(queueURL),
		Entries: []types.SendMessageBatchRequestEntry{
			{Id: aws.String("a"), MessageBody: aws.String(a)},
			{Id: aws.String("b"), MessageBody: aws.String(b)},
		},
	}
	_, err := client.SendMessageBatch(ctx, input) // want `sqs Client.SendMessageBatch sends .* without injected trace context`
	return err
}

// The entries given to the input by one assignment.
func sendBatchAssigned(ctx context.Context, client *sqs.Client, queueURL string, bodies []string) error {
	input := &sqs.SendMessageBatchInput{QueueUrl: aws.String(queueURL)}
	entries := make([]types.SendMessageBatchRequestEntry, len(bodies))
	for i, body := range bodies {
		entries[i] = types.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(body)}
	}
	input.Entries = entries
	_, err := client.SendMessageBatch(ctx, input) // want `sqs Client.SendMessageBatch sends .*entries.* without injected trace context`
	return err
}

// otelaws instruments the AWS API call: its middleware injects into the
// HTTP request's headers, which SQS does not keep with the message.
func instrumentedClient(ctx context.Context, queueURL, body string) error {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return err
	}
	otelaws.AppendMiddlewares(&cfg.APIOptions)
	client := sqs.NewFromConfig(cfg)
	input := &sqs.SendMessageInput{QueueUrl: aws.String(queueURL), MessageBody: aws.String(body)}
	_, err = client.SendMessage(ctx, input) // want `sqs Client.SendMessage sends input without injected trace context`
	return err
}

// Negatives.

// The tutorial form: inject into a MapCarrier, copy each entry as a String
// attribute.
func injected(ctx context.Context, client *sqs.Client, queueURL, body string) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	attrs := make(map[string]types.MessageAttributeValue, len(carrier))
	for k, v := range carrier {
		attrs[k] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	_, err := client.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:          aws.String(queueURL),
		MessageBody:       aws.String(body),
		MessageAttributes: attrs,
	})
	return err
}

// The same, written into the input's own map after it is built.
func injectedIntoInput(ctx context.Context, client *sqs.Client, queueURL, body, tenant string) error {
	input := &sqs.SendMessageInput{
		QueueUrl:    aws.String(queueURL),
		MessageBody: aws.String(body),
		MessageAttributes: map[string]types.MessageAttributeValue{
			"tenant": {DataType: aws.String("String"), StringValue: aws.String(tenant)},
		},
	}
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	for _, k := range carrier.Keys() {
		input.MessageAttributes[k] = types.MessageAttributeValue{
			DataType:    aws.String("String"),
			StringValue: aws.String(carrier.Get(k)),
		}
	}
	_, err := client.SendMessage(ctx, input)
	return err
}

// A carrier of the program's own over the attribute map.
type attributeCarrier map[string]types.MessageAttributeValue

func (c attributeCarrier) Get(key string) string {
	if v, ok := c[key]; ok && v.StringValue != nil {
		return *v.StringValue
	}
	return ""
}

func (c attributeCarrier) Set(key, value string) {
	c[key] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(value)}
}

func (c attributeCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}

func injectedThroughCarrier(ctx context.Context, client *sqs.Client, queueURL, body string) error {
	attrs := attributeCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, attrs)
	_, err := client.SendMessage(ctx, &sqs.SendMessageInput{
		QueueUrl:          aws.String(queueURL),
		MessageBody:       aws.String(body),
		MessageAttributes: attrs,
	})
	return err
}

// Every batch entry gets its own copy of the injected carrier.
func injectedBatch(ctx context.Context, client *sqs.Client, queueURL string, bodies []string) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	entries := make([]types.SendMessageBatchRequestEntry, 0, len(bodies))
	for i, body := range bodies {
		attrs := make(map[string]types.MessageAttributeValue, len(carrier))
		for k, v := range carrier {
			attrs[k] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
		}
		entries = append(entries, types.SendMessageBatchRequestEntry{
			Id:                aws.String(strconv.Itoa(i)),
			MessageBody:       aws.String(body),
			MessageAttributes: attrs,
		})
	}
	_, err := client.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(queueURL), Entries: entries})
	return err
}

// X-Ray: the AWSTraceHeader system attribute, written by X-Ray's propagator
// (its header is X-Amzn-Trace-Id). It counts where an X-Ray propagator is
// configured, as here.
func xrayTraceHeader(ctx context.Context, client *sqs.Client, queueURL, body string) error {
	carrier := propagation.MapCarrier{}
	xray.Propagator{}.Inject(ctx, carrier)
	input := &sqs.SendMessageInput{
		QueueUrl:    aws.String(queueURL),
		MessageBody: aws.String(body),
		MessageSystemAttributes: map[string]types.MessageSystemAttributeValue{
			string(types.MessageSystemAttributeNameAWSTraceHeader): {
				DataType:    aws.String("String"),
				StringValue: aws.String(carrier.Get("X-Amzn-Trace-Id")),
			},
		},
	}
	_, err := client.SendMessage(ctx, input)
	return err
}

// No context at hand: nothing to inject.
func noContext(client *sqs.Client, queueURL, body string) error {
	_, err := client.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: aws.String(queueURL), MessageBody: aws.String(body)})
	return err
}

// The trace context travels in the body: an envelope holding the injected
// carrier.
func envelope(ctx context.Context, client *sqs.Client, queueURL string, order []byte) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	data, err := json.Marshal(struct {
		Trace map[string]string
		Order []byte
	}{carrier, order})
	if err != nil {
		return err
	}
	_, err = client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(queueURL), MessageBody: aws.String(string(data))})
	return err
}

// Package sqsc: SQS receives (ReceiveMessage output Messages), each
// starting a span from a context not extracted from the message, and the
// same with extraction from MessageAttributes (or, with X-Ray's propagator,
// from the AWSTraceHeader system attribute).
package sqsc

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"go.opentelemetry.io/contrib/propagators/aws/xray"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("sqsc")

func handle(ctx context.Context, body string) error { return nil }

func receiveInput(queueURL string) *sqs.ReceiveMessageInput {
	return &sqs.ReceiveMessageInput{
		QueueUrl:              aws.String(queueURL),
		MaxNumberOfMessages:   10,
		WaitTimeSeconds:       20,
		MessageAttributeNames: []string{"All"},
	}
}

// attributeCarrier reads the String attributes of a received message.
func attributeCarrier(attrs map[string]types.MessageAttributeValue) propagation.MapCarrier {
	carrier := propagation.MapCarrier{}
	for k, v := range attrs {
		if v.StringValue != nil {
			carrier[k] = *v.StringValue
		}
	}
	return carrier
}

// Positives.

func poll(ctx context.Context, client *sqs.Client, queueURL string) error {
	out, err := client.ReceiveMessage(ctx, receiveInput(queueURL))
	if err != nil {
		return err
	}
	for _, msg := range out.Messages {
		mctx, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers: the message's trace is broken here; extract it with otel.GetTextMapPropagator\(\).Extract over msg.MessageAttributes`
		err := handle(mctx, aws.ToString(msg.Body))
		span.End()
		if err != nil {
			return err
		}
	}
	return nil
}

func pollIndexed(ctx context.Context, client *sqs.Client, queueURL string) error {
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:              aws.String(queueURL),
		MessageAttributeNames: []string{"traceparent", "tracestate"},
	})
	if err != nil {
		return err
	}
	for i := range out.Messages {
		msg := &out.Messages[i]
		mctx, span := tracer.Start(context.Background(), "orders.process") // want `span "orders.process" is started from context.Background\(\), not from the trace context in msg's headers`
		_ = handle(mctx, aws.ToString(msg.Body))
		span.End()
	}
	return nil
}

// A worker loop: each message handled in its own function.
type Worker struct {
	client   *sqs.Client
	queueURL string
}

func (w *Worker) Run(ctx context.Context) error {
	for ctx.Err() == nil {
		out, err := w.client.ReceiveMessage(ctx, receiveInput(w.queueURL))
		if err != nil {
			return err
		}
		for _, m := range out.Messages {
			w.process(ctx, m) // want `w.process starts a span from ctx, not from the trace context in m's headers`
		}
	}
	return ctx.Err()
}

func (w *Worker) process(ctx context.Context, m types.Message) {
	ctx, span := tracer.Start(ctx, "orders.process") // judged where it is called: its callers pass the message and their ctx
	defer span.End()
	_ = handle(ctx, aws.ToString(m.Body))
}

// The input asks for no message attributes: SQS returns none, so the
// extraction below always finds an empty carrier.
func noAttributeNames(ctx context.Context, client *sqs.Client, queueURL string) error {
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(queueURL)}) // want `sqs Client.ReceiveMessage asks for no message attributes`
	if err != nil {
		return err
	}
	for _, msg := range out.Messages {
		mctx := otel.GetTextMapPropagator().Extract(ctx, attributeCarrier(msg.MessageAttributes))
		_, span := tracer.Start(mctx, "orders.process")
		span.End()
	}
	return nil
}

// The input asks for attributes of the program's own, not the trace
// context's.
func tenantOnly(ctx context.Context, client *sqs.Client, queueURL string) error {
	input := &sqs.ReceiveMessageInput{QueueUrl: aws.String(queueURL), MessageAttributeNames: []string{"tenant"}}
	out, err := client.ReceiveMessage(ctx, input) // want `sqs Client.ReceiveMessage asks for message attributes that do not include traceparent \(MessageAttributeNames: \[\]string\{"tenant"\}\)`
	if err != nil {
		return err
	}
	for _, msg := range out.Messages {
		mctx := otel.GetTextMapPropagator().Extract(ctx, attributeCarrier(msg.MessageAttributes))
		_, span := tracer.Start(mctx, "orders.process")
		span.End()
	}
	return nil
}

// Negatives.

// The tutorial form: the String attributes copied into a MapCarrier.
func extracted(ctx context.Context, client *sqs.Client, queueURL string) error {
	out, err := client.ReceiveMessage(ctx, receiveInput(queueURL))
	if err != nil {
		return err
	}
	for _, msg := range out.Messages {
		carrier := propagation.MapCarrier{}
		for k, v := range msg.MessageAttributes {
			if v.DataType != nil && *v.DataType == "String" {
				carrier[k] = aws.ToString(v.StringValue)
			}
		}
		mctx := otel.GetTextMapPropagator().Extract(ctx, carrier)
		mctx, span := tracer.Start(mctx, "orders.process")
		_ = handle(mctx, aws.ToString(msg.Body))
		span.End()
	}
	return nil
}

func extractedByHelper(ctx context.Context, client *sqs.Client, queueURL string) error {
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:              aws.String(queueURL),
		MessageAttributeNames: []string{"tenant", "trace.*"},
	})
	if err != nil {
		return err
	}
	for _, msg := range out.Messages {
		mctx := otel.GetTextMapPropagator().Extract(ctx, attributeCarrier(msg.MessageAttributes))
		_, span := tracer.Start(mctx, "orders.process")
		span.End()
	}
	return nil
}

// X-Ray: the AWSTraceHeader system attribute, asked for and read through
// X-Ray's propagator.
func extractedXRay(ctx context.Context, client *sqs.Client, queueURL string) error {
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:                    aws.String(queueURL),
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAWSTraceHeader},
	})
	if err != nil {
		return err
	}
	for _, msg := range out.Messages {
		carrier := propagation.MapCarrier{"X-Amzn-Trace-Id": msg.Attributes[string(types.MessageSystemAttributeNameAWSTraceHeader)]}
		mctx := xray.Propagator{}.Extract(ctx, carrier)
		_, span := tracer.Start(mctx, "orders.process")
		span.End()
	}
	return nil
}

// A span around the whole poll, started before any message arrived.
func pollSpan(ctx context.Context, client *sqs.Client, queueURL string) (int, error) {
	ctx, span := tracer.Start(ctx, "orders.poll")
	defer span.End()
	out, err := client.ReceiveMessage(ctx, receiveInput(queueURL))
	if err != nil {
		return 0, err
	}
	return len(out.Messages), nil
}

// A batch span linked to each message's context.
func linked(ctx context.Context, client *sqs.Client, queueURL string) error {
	out, err := client.ReceiveMessage(ctx, receiveInput(queueURL))
	if err != nil {
		return err
	}
	for _, msg := range out.Messages {
		remote := otel.GetTextMapPropagator().Extract(context.Background(), attributeCarrier(msg.MessageAttributes))
		_, span := tracer.Start(ctx, "orders.process", trace.WithNewRoot(), trace.WithLinks(trace.LinkFromContext(remote)))
		span.End()
	}
	return nil
}

// Extracted, and then the span started from the loop's context: reported.
func extractedUnused(ctx context.Context, client *sqs.Client, queueURL string) error {
	out, err := client.ReceiveMessage(ctx, receiveInput(queueURL))
	if err != nil {
		return err
	}
	for _, msg := range out.Messages {
		mctx := otel.GetTextMapPropagator().Extract(ctx, attributeCarrier(msg.MessageAttributes))
		_ = mctx
		_, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in msg's headers`
		span.End()
	}
	return nil
}

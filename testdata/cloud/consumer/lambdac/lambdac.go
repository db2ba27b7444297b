// Package lambdac: AWS Lambda handlers of SQS and SNS events. Each record
// is a consumed message; the handler's ctx is Lambda's invocation context,
// not the record's, so a span per record must come from the record's
// attributes (or link to them).
package lambdac

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("lambdac")

func handle(ctx context.Context, body string) error { return nil }

// sqsCarrier reads the String attributes of an SQS record.
func sqsCarrier(record events.SQSMessage) propagation.MapCarrier {
	carrier := propagation.MapCarrier{}
	for k, v := range record.MessageAttributes {
		if v.StringValue != nil {
			carrier[k] = *v.StringValue
		}
	}
	return carrier
}

// snsCarrier reads an SNS record's attributes: each value is a JSON object
// {"Type": "String", "Value": "..."}.
func snsCarrier(record events.SNSEventRecord) propagation.MapCarrier {
	carrier := propagation.MapCarrier{}
	for k, v := range record.SNS.MessageAttributes {
		attr, ok := v.(map[string]any)
		if !ok {
			continue
		}
		if s, ok := attr["Value"].(string); ok {
			carrier[k] = s
		}
	}
	return carrier
}

func main() {
	lambda.Start(handleSQS)
}

// Positives.

func handleSQS(ctx context.Context, event events.SQSEvent) error {
	for _, record := range event.Records {
		rctx, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in record's headers: the message's trace is broken here; extract it with otel.GetTextMapPropagator\(\).Extract over record.MessageAttributes`
		err := handle(rctx, record.Body)
		span.End()
		if err != nil {
			return err
		}
	}
	return nil
}

// Partial batch failures: the same loop, reporting the failed records.
func handleSQSBatch(ctx context.Context, event *events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for i := range event.Records {
		record := event.Records[i]
		rctx, span := tracer.Start(ctx, "orders.process") // want `span "orders.process" is started from ctx, not from the trace context in record's headers`
		if err := handle(rctx, record.Body); err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: record.MessageId})
		}
		span.End()
	}
	return resp, nil
}

type Handler struct{}

func (h Handler) HandleSNS(ctx context.Context, event events.SNSEvent) error {
	for _, record := range event.Records {
		rctx, span := tracer.Start(ctx, "notification.process") // not reported yet: SNS events are not in the table (docs/cloud-clients.md)
		_ = handle(rctx, record.SNS.Message)
		span.End()
	}
	return nil
}

// Each record handed to a function that starts its span from the Lambda
// context.
func handleEach(ctx context.Context, event events.SQSEvent) error {
	for _, record := range event.Records {
		if err := processRecord(ctx, record); err != nil { // want `processRecord starts a span from ctx, not from the trace context in record's headers`
			return err
		}
	}
	return nil
}

func processRecord(ctx context.Context, record events.SQSMessage) error {
	ctx, span := tracer.Start(ctx, "orders.process") // judged where it is called, with the record
	defer span.End()
	return handle(ctx, record.Body)
}

// Negatives.

// The tutorial form: a carrier built from the record's String attributes.
func extractedSQS(ctx context.Context, event events.SQSEvent) error {
	for _, record := range event.Records {
		rctx := otel.GetTextMapPropagator().Extract(ctx, sqsCarrier(record))
		rctx, span := tracer.Start(rctx, "orders.process")
		err := handle(rctx, record.Body)
		span.End()
		if err != nil {
			return err
		}
	}
	return nil
}

func extractedInline(ctx context.Context, event events.SQSEvent) error {
	for _, record := range event.Records {
		carrier := propagation.MapCarrier{}
		for k, v := range record.MessageAttributes {
			if v.DataType == "String" && v.StringValue != nil {
				carrier[k] = *v.StringValue
			}
		}
		_, span := tracer.Start(otel.GetTextMapPropagator().Extract(ctx, carrier), "orders.process")
		span.End()
	}
	return nil
}

func extractedSNS(ctx context.Context, event events.SNSEvent) error {
	for _, record := range event.Records {
		rctx := otel.GetTextMapPropagator().Extract(ctx, snsCarrier(record))
		_, span := tracer.Start(rctx, "notification.process")
		span.End()
	}
	return nil
}

// An SNS message delivered to SQS without raw delivery: the SQS body is
// SNS's JSON envelope, whose MessageAttributes hold the trace context.
func extractedSNSOverSQS(ctx context.Context, event events.SQSEvent) error {
	for _, record := range event.Records {
		var envelope events.SNSEntity
		if err := json.Unmarshal([]byte(record.Body), &envelope); err != nil {
			return err
		}
		rctx := otel.GetTextMapPropagator().Extract(ctx, snsCarrier(events.SNSEventRecord{SNS: envelope}))
		_, span := tracer.Start(rctx, "orders.process")
		span.End()
	}
	return nil
}

// One span for the invocation, from Lambda's context, with a link to every
// record's trace context.
func invocationSpan(ctx context.Context, event events.SQSEvent) error {
	links := make([]trace.Link, 0, len(event.Records))
	for _, record := range event.Records {
		links = append(links, trace.LinkFromContext(otel.GetTextMapPropagator().Extract(context.Background(), sqsCarrier(record))))
	}
	ctx, span := tracer.Start(ctx, "orders.batch", trace.WithLinks(links...))
	defer span.End()
	for _, record := range event.Records {
		if err := handle(ctx, record.Body); err != nil {
			return err
		}
	}
	return nil
}

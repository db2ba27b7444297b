// Package snsp: SNS sends (Publish, PublishBatch) with and without trace
// context in MessageAttributes (map[string]types.MessageAttributeValue of
// the sns package, DataType "String", StringValue).
package snsp

import (
	"context"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// Positives.

func publish(ctx context.Context, client *sns.Client, topicARN, message string) error {
	input := &sns.PublishInput{
		TopicArn: aws.String(topicARN),
		Message:  aws.String(message),
	}
	_, err := client.Publish(ctx, input) // want `sns Client.Publish sends input without injected trace context: the consumer will start a new trace`
	return err
}

func publishLiteral(ctx context.Context, client *sns.Client, topicARN, message string) (*string, error) {
	out, err := client.Publish(ctx, &sns.PublishInput{TopicArn: &topicARN, Message: &message, Subject: aws.String("order")}) // want `sns Client.Publish sends a message without injected trace context`
	if err != nil {
		return nil, err
	}
	return out.MessageId, nil
}

func publishWithAttributes(ctx context.Context, client *sns.Client, topicARN, message, kind string) error {
	_, err := client.Publish(ctx, &sns.PublishInput{ // want `sns Client.Publish sends a message without injected trace context`
		TopicArn: aws.String(topicARN),
		Message:  aws.String(message),
		MessageAttributes: map[string]types.MessageAttributeValue{
			"kind": {DataType: aws.String("String"), StringValue: aws.String(kind)},
		},
	})
	return err
}

func publishBatch(ctx context.Context, client *sns.Client, topicARN string, messages []string) error {
	entries := make([]types.PublishBatchRequestEntry, len(messages))
	for i, m := range messages {
		entries[i] = types.PublishBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), Message: aws.String(m)}
	}
	input := &sns.PublishBatchInput{TopicArn: aws.String(topicARN), PublishBatchRequestEntries: entries}
	_, err := client.PublishBatch(ctx, input) // want `sns Client.PublishBatch sends .* without injected trace context`
	return err
}

// Negatives.

// The tutorial form: a MapCarrier copied in as String attributes.
func injected(ctx context.Context, client *sns.Client, topicARN, message string) error {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	attrs := map[string]types.MessageAttributeValue{}
	for k, v := range carrier {
		attrs[k] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	_, err := client.Publish(ctx, &sns.PublishInput{
		TopicArn:          aws.String(topicARN),
		Message:           aws.String(message),
		MessageAttributes: attrs,
	})
	return err
}

// A helper that builds the attributes from the context.
func traceAttributes(ctx context.Context) map[string]types.MessageAttributeValue {
	carrier := propagation.MapCarrier{}
	otel.GetTextMapPropagator().Inject(ctx, carrier)
	attrs := make(map[string]types.MessageAttributeValue, len(carrier))
	for k, v := range carrier {
		attrs[k] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	return attrs
}

func injectedByHelper(ctx context.Context, client *sns.Client, topicARN, message string) error {
	_, err := client.Publish(ctx, &sns.PublishInput{
		TopicArn:          aws.String(topicARN),
		Message:           aws.String(message),
		MessageAttributes: traceAttributes(ctx),
	})
	return err
}

func injectedBatch(ctx context.Context, client *sns.Client, topicARN string, messages []string) error {
	input := &sns.PublishBatchInput{TopicArn: aws.String(topicARN)}
	for i, m := range messages {
		input.PublishBatchRequestEntries = append(input.PublishBatchRequestEntries, types.PublishBatchRequestEntry{
			Id:                aws.String(strconv.Itoa(i)),
			Message:           aws.String(m),
			MessageAttributes: traceAttributes(ctx),
		})
	}
	_, err := client.PublishBatch(ctx, input)
	return err
}

// An SMS to a phone number is no message a consumer traces: but it is still
// a Publish; with no context at hand, nothing can be injected.
func sms(client *sns.Client, phone, text string) error {
	_, err := client.Publish(context.TODO(), &sns.PublishInput{PhoneNumber: aws.String(phone), Message: aws.String(text)})
	return err
}

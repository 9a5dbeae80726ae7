import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { toPublicCheck } from '../domain/check';
import { toCloudEvent } from '../domain/cloud-event';
import { changedCheck } from '../domain/webhook-change';
import type { WebhookPublisher } from '../domain/webhook-ports';
import { webhookAttributesOf } from '../domain/webhook-policy';
import { requireEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { SnsWebhookPublisher } from '../stores/sns-webhook-topic';

type StreamImage = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

function imageOf(image: StreamImage | undefined): Record<string, unknown> | undefined {
  // aws-lambda and the SDK each declare AttributeValue; the wire shape is the same.
  return image === undefined ? undefined : unmarshall(image as Record<string, AttributeValue>);
}

/** A record that was not tried because an earlier one of the batch failed. */
class SkippedRecordError extends Error {
  constructor(sequenceNumber: string | undefined) {
    super(`Record ${sequenceNumber} skipped: an earlier record of the batch failed`);
    this.name = 'SkippedRecordError';
  }
}

/**
 * Publishes each change of a check to the webhook topic, with the attributes that the
 * subscriptions' filter policies match. Records go one at a time, in stream order; after a
 * failure the rest of the batch is reported failed untried, so the retry starts at the
 * failed record and versions are never published out of order.
 */
export function createPublisherHandler(
  publisher: WebhookPublisher,
): (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse> {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);

  const publish = async (record: DynamoDBRecord): Promise<void> => {
    const check = changedCheck(
      record.eventName,
      imageOf(record.dynamodb?.NewImage),
      imageOf(record.dynamodb?.OldImage),
    );
    if (check === undefined) return;
    const event = toCloudEvent(toPublicCheck(check));
    await publisher.publish(event, webhookAttributesOf(event, check.tenant));
    logger.info('Change published', { eventId: event.id, type: event.type });
  };

  return (event, context) => {
    let failed = false;
    const recordHandler = async (record: DynamoDBRecord): Promise<void> => {
      if (failed) throw new SkippedRecordError(record.dynamodb?.SequenceNumber);
      try {
        await publish(record);
      } catch (error) {
        failed = true;
        logger.error('Change not published', {
          sequenceNumber: record.dynamodb?.SequenceNumber,
          error: error as Error,
        });
        throw error;
      }
    };
    return processPartialResponse(event, recordHandler, processor, {
      context,
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
  };
}

export const handler = createPublisherHandler(
  new SnsWebhookPublisher(new SNSClient({}), requireEnv('WEBHOOK_TOPIC_ARN')),
);

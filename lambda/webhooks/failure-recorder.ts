import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseFailedDelivery } from './failed-delivery';
import { recordFailure } from './record-failure';
import type { SubscriptionStore } from './subscription';
import type { FailureStore } from './webhook-failure';
import { documentClient } from '../shared/dynamo';
import { requireEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { DynamoFailureStore } from './dynamo-failure-store';
import { DynamoSubscriptionStore } from './dynamo-subscription-store';

export interface FailureRecorderDeps {
  readonly subscriptions: Pick<SubscriptionStore, 'findByArn'>;
  readonly failures: Pick<FailureStore, 'record'>;
}

/** When SNS moved the message to the dead-letter queue; a redelivery keeps it, so the record is written once. */
function failedAtOf(record: SQSRecord): Date {
  const sent = Number(record.attributes.SentTimestamp);
  return Number.isFinite(sent) && sent > 0 ? new Date(sent) : new Date();
}

/**
 * Records each webhook message SNS could not deliver against its subscription, for
 * listing and replay. A body that is not an SNS notification fails its record, so it stays
 * in the queue and then moves on to the queue's own dead-letter queue instead of vanishing.
 */
export function createFailureRecorderHandler(
  deps: FailureRecorderDeps,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);

  const recordOne = async (record: SQSRecord): Promise<void> => {
    const outcome = await recordFailure(deps, {
      delivery: parseFailedDelivery(record.body),
      queueMessageId: record.messageId,
      failedAt: failedAtOf(record),
      errorCode: record.messageAttributes.ErrorCode?.stringValue,
      errorMessage: record.messageAttributes.ErrorMessage?.stringValue,
    });
    if ('orphaned' in outcome) {
      logger.warn('Undelivered message of a deleted subscription dropped', {
        messageId: record.messageId,
        subscriptionArn: outcome.orphaned.subscriptionArn,
        body: record.body,
        messageAttributes: record.messageAttributes,
      });
      return;
    }
    const { subscriptionId, failureId, snsMessageId } = outcome.recorded;
    logger.info('Webhook failure recorded', { subscriptionId, failureId, snsMessageId });
  };

  return (event, context) =>
    processPartialResponse(
      event,
      async (record: SQSRecord) => {
        try {
          await recordOne(record);
        } catch (error) {
          logger.error('Webhook failure not recorded', {
            messageId: record.messageId,
            error: error as Error,
          });
          throw error;
        }
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );
}

export const handler = createFailureRecorderHandler({
  subscriptions: new DynamoSubscriptionStore(documentClient, {
    tableName: requireEnv('SUBSCRIPTIONS_TABLE_NAME'),
    arnIndexName: requireEnv('SUBSCRIPTION_ARN_INDEX'),
  }),
  failures: new DynamoFailureStore(documentClient, requireEnv('FAILURES_TABLE_NAME')),
});

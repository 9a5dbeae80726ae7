import { SNSClient } from '@aws-sdk/client-sns';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { toPublicCheck } from '../checks/check';
import { toCloudEvent } from '../shared/cloud-event';
import type { WebhookPublisher } from './webhook-topic';
import { webhookAttributesOf } from './webhook-policy';
import { createCheckChangeHandler } from '../shared/check-changes';
import { requireEnv } from '../shared/env';
import { logger } from '../shared/logger';
import { SnsWebhookPublisher } from './sns-webhook-topic';

/**
 * Publishes each change of a check to the webhook topic, with the attributes that the
 * subscriptions' filter policies match, in stream order, so versions are never published
 * out of order.
 */
export function createPublisherHandler(
  publisher: WebhookPublisher,
): (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse> {
  return createCheckChangeHandler({
    failureMessage: 'Change not published',
    onChange: async (check) => {
      const event = toCloudEvent(toPublicCheck(check));
      await publisher.publish(event, webhookAttributesOf(event, check.tenant));
      logger.info('Change published', { eventId: event.id, type: event.type });
    },
  });
}

export const handler = createPublisherHandler(
  new SnsWebhookPublisher(new SNSClient({}), requireEnv('WEBHOOK_TOPIC_ARN')),
);

import { toPublicCheck, type StoredCheck } from '../../../lambda/checks/check';
import { toCloudEvent, type CheckCloudEvent } from '../../../lambda/shared/cloud-event';
import type { WebhookSubscription } from '../../../lambda/webhooks/subscription';
import { ENV } from '../env';
import { CREATED_AT, storedCheck, TENANT } from '../support/checks';

export const SUBSCRIPTION_ID = '0b7e6f3a-2c4d-4e5f-8a9b-0c1d2e3f4a5b';
export const SUBSCRIPTION_ARN = `${ENV.WEBHOOK_TOPIC_ARN}:11111111-2222-4333-8444-555555555555`;
export const NEW_SUBSCRIPTION_ARN = `${ENV.WEBHOOK_TOPIC_ARN}:66666666-7777-4888-9999-000000000000`;
/** A public address, so the URL policy needs no DNS for it. */
export const PUBLIC_URL = 'https://93.184.215.14/hooks/checks';
export const NOW = new Date('2026-03-04T05:06:07.000Z');

export function cloudEvent(changes: Partial<StoredCheck> = {}): CheckCloudEvent {
  return toCloudEvent(toPublicCheck(storedCheck(changes)));
}

export function subscription(changes: Partial<WebhookSubscription> = {}): WebhookSubscription {
  return {
    tenant: TENANT,
    id: SUBSCRIPTION_ID,
    url: PUBLIC_URL,
    events: ['check.done', 'check.failed'],
    subscriptionArn: SUBSCRIPTION_ARN,
    createdAt: CREATED_AT.toISOString(),
    updatedAt: CREATED_AT.toISOString(),
    ...changes,
  };
}

/** The body SNS puts in a subscription's dead-letter queue: its HTTP/S Notification envelope. */
export function notificationEnvelope(
  event: CheckCloudEvent = cloudEvent(),
  subscriptionArn: string = SUBSCRIPTION_ARN,
): Record<string, unknown> {
  return {
    Type: 'Notification',
    MessageId: 'sns-message-1',
    TopicArn: ENV.WEBHOOK_TOPIC_ARN,
    Message: JSON.stringify(event),
    Timestamp: '2026-03-04T05:06:00.000Z',
    SignatureVersion: '1',
    Signature: 'c2lnbmF0dXJl',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
    UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(subscriptionArn)}`,
    MessageAttributes: {
      type: { Type: 'String', Value: event.type },
      checkId: { Type: 'String', Value: event.subject },
      tenant: { Type: 'String', Value: TENANT },
    },
  };
}

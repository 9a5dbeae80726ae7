import { randomUUID } from 'node:crypto';
import { deliverySettings } from './delivery-settings';
import { confirmationEnvelope, deliveryHeaders, subscribeUrl, type ConfirmationEnvelope } from './envelope';
import type { HttpSubscription } from './http-subscriptions';
import type { LayerDeps } from './layer-deps';

/**
 * POSTs a SubscriptionConfirmation (after Subscribe) or an UnsubscribeConfirmation (after a
 * confirmed subscription is removed). Both are retried like notifications, since SNS retries
 * every message, but have no dead-letter queue. `token` confirms the subscription, or for an
 * UnsubscribeConfirmation restores it; `attributes` are the subscription's when it is gone.
 */
export async function sendConfirmation(
  deps: LayerDeps,
  subscription: HttpSubscription,
  type: ConfirmationEnvelope['Type'],
  token: string,
  attributes?: Readonly<Record<string, string>>,
): Promise<void> {
  const topic = (await deps.api.attributes('GetTopicAttributes', subscription.topicArn)) ?? {};
  const own = attributes ?? (await deps.api.attributes('GetSubscriptionAttributes', subscription.arn)) ?? {};
  const { policy, signatureVersion } = deliverySettings(own, topic, deps.log);
  const messageId = randomUUID();
  const envelope = confirmationEnvelope(
    {
      type,
      messageId,
      topicArn: subscription.topicArn,
      subscriptionArn: subscription.arn,
      token,
      subscribeUrl: subscribeUrl(deps.baseUrl, subscription.topicArn, token),
      timestamp: new Date().toISOString(),
    },
    signatureVersion,
    deps.signer,
  );
  deps.runner.deliver({
    subscriptionArn: subscription.arn,
    endpoint: subscription.endpoint,
    topicArn: subscription.topicArn,
    type,
    messageId,
    body: JSON.stringify(envelope),
    headers: deliveryHeaders({
      type,
      messageId,
      topicArn: subscription.topicArn,
      subscriptionArn: subscription.arn,
      ...(policy.headerContentType === undefined ? {} : { contentType: policy.headerContentType }),
    }),
    policy,
    stillWanted: () =>
      type === 'UnsubscribeConfirmation' || deps.subscriptions.get(subscription.arn)?.confirmed === false,
  });
}

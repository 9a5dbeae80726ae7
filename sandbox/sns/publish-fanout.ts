import { deadLetterTargetOf } from './attribute-checks';
import { deliverySettings } from './delivery-settings';
import { deliveryHeaders, notificationEnvelope, unsubscribeUrl } from './envelope';
import { compileFilterPolicy, filterPolicyScopeOf, type FilterMatcher } from './filter-policy';
import type { HttpSubscription } from './http-subscriptions';
import type { LayerDeps } from './layer-deps';
import { messageForProtocol, type PublishedMessage } from './query-request';

export interface PublishedNotification extends PublishedMessage {
  readonly messageId: string;
  /** When SNS accepted the message: the envelope's Timestamp. */
  readonly timestamp: string;
}

interface Target {
  readonly subscription: HttpSubscription;
  readonly attributes: Readonly<Record<string, string>>;
  readonly matcher: FilterMatcher;
  readonly deadLetterTargetArn: string | undefined;
}

async function targetOf(deps: LayerDeps, subscription: HttpSubscription): Promise<Target | undefined> {
  const attributes = await deps.api.attributes('GetSubscriptionAttributes', subscription.arn);
  if (attributes === undefined) return undefined;
  try {
    return {
      subscription,
      attributes,
      matcher: compileFilterPolicy(
        attributes.FilterPolicy ?? '',
        filterPolicyScopeOf(attributes.FilterPolicyScope),
      ),
      deadLetterTargetArn: deadLetterTargetOf(attributes.RedrivePolicy),
    };
  } catch (error) {
    deps.log(`sns: ${subscription.arn} gets nothing: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Hands each published message to every confirmed HTTP/S subscription (as they were when
 * it was published) whose filter policy it matches: the signed Notification envelope, or
 * with RawMessageDelivery the message alone.
 */
export async function fanOut(
  deps: LayerDeps,
  topicArn: string,
  messages: readonly PublishedNotification[],
  subscriptions: readonly HttpSubscription[],
): Promise<void> {
  if (messages.length === 0 || subscriptions.length === 0) return;
  // Read side by side: fan-outs run one after another (first attempts in publish order), so
  // reading N subscriptions in turn would cap the topic at a few publishes a second.
  const [topic, ...found] = await Promise.all([
    deps.api.attributes('GetTopicAttributes', topicArn),
    ...subscriptions.map((subscription) => targetOf(deps, subscription)),
  ]);
  if (topic === undefined) return;
  const targets = found.filter((target): target is Target => target !== undefined);
  for (const message of messages) {
    for (const { subscription, attributes, matcher, deadLetterTargetArn } of targets) {
      const text = messageForProtocol(message, subscription.protocol);
      if (!matcher({ attributes: message.attributes, body: text })) continue;
      const { policy, signatureVersion } = deliverySettings(attributes, topic, deps.log);
      const raw = attributes.RawMessageDelivery === 'true';
      const body = raw
        ? text
        : JSON.stringify(
            notificationEnvelope(
              {
                messageId: message.messageId,
                topicArn,
                ...(message.subject === undefined ? {} : { subject: message.subject }),
                message: text,
                timestamp: message.timestamp,
                unsubscribeUrl: unsubscribeUrl(deps.baseUrl, subscription.arn),
                messageAttributes: message.attributes,
              },
              signatureVersion,
              deps.signer,
            ),
          );
      deps.runner.deliver({
        subscriptionArn: subscription.arn,
        endpoint: subscription.endpoint,
        topicArn,
        type: 'Notification',
        messageId: message.messageId,
        body,
        headers: deliveryHeaders({
          type: 'Notification',
          messageId: message.messageId,
          topicArn,
          subscriptionArn: subscription.arn,
          raw,
          ...(policy.headerContentType === undefined ? {} : { contentType: policy.headerContentType }),
        }),
        policy,
        ...(deadLetterTargetArn === undefined ? {} : { deadLetterTargetArn }),
        stillWanted: () => deps.subscriptions.get(subscription.arn)?.confirmed === true,
      });
    }
  }
}

import type { CheckCloudEvent } from '../shared/cloud-event';
import type { WebhookProtocol } from './url-policy';
import type { WebhookAttributes, WebhookFilterPolicy } from './webhook-policy';

/** The webhook topic as the publisher sees it. */
export interface WebhookPublisher {
  publish(event: CheckCloudEvent, attributes: WebhookAttributes): Promise<void>;
}

export interface WebhookEndpoint {
  readonly protocol: WebhookProtocol;
  readonly url: string;
}

/** The webhook topic's subscriptions (SNS HTTP/S subscriptions). */
export interface WebhookSubscriber {
  /** Subscribes the endpoint and returns the subscription's ARN, pending confirmation. */
  subscribe(endpoint: WebhookEndpoint, filterPolicy: WebhookFilterPolicy): Promise<string>;
  /** False when the subscription no longer exists. */
  setFilterPolicy(subscriptionArn: string, filterPolicy: WebhookFilterPolicy): Promise<boolean>;
  /** Succeeds when the subscription is already gone. */
  unsubscribe(subscriptionArn: string): Promise<void>;
  /** True while the receiver has not confirmed; undefined when the subscription no longer exists. */
  isPendingConfirmation(subscriptionArn: string): Promise<boolean | undefined>;
}

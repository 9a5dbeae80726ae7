import type { CheckCloudEvent } from '../shared/cloud-event';
import type { Subscription } from './subscription';
import type { WebhookFailure } from './webhook-failure';
import type { WebhookFilterPolicy, WebhookAttributes } from './webhook-policy';
import type { WebhookProtocol } from './url-policy';

export interface SubscriptionKey {
  readonly tenant: string;
  readonly id: string;
}

/** Webhook subscriptions, keyed by tenant then id, so a tenant only ever reaches its own. */
export interface SubscriptionStore {
  /** Creates or replaces the subscription. */
  put(subscription: Subscription): Promise<void>;
  get(tenant: string, id: string): Promise<Subscription | undefined>;
  list(tenant: string): Promise<Subscription[]>;
  delete(tenant: string, id: string): Promise<void>;
  /** The subscription that owns an SNS subscription, or undefined when there is none. */
  findByArn(subscriptionArn: string): Promise<SubscriptionKey | undefined>;
}

export interface FailurePage {
  /** Newest first. */
  readonly items: WebhookFailure[];
  /** The last failure of the page when more may follow. */
  readonly lastFailureId?: string;
}

/** Undelivered webhook messages, kept per subscription until replayed or expired. */
export interface FailureStore {
  record(failure: WebhookFailure): Promise<void>;
  list(subscriptionId: string, limit: number, afterFailureId?: string): Promise<FailurePage>;
  delete(subscriptionId: string, failureIds: readonly string[]): Promise<void>;
  deleteAll(subscriptionId: string): Promise<void>;
}

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

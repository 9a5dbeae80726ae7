import pLimit from 'p-limit';
import type { CheckStore } from '../checks/check-store';
import { NotFoundError } from '../shared/errors';
import {
  requireSubscription,
  subscriptionStatusOf,
  toPublicSubscription,
  type PublicSubscription,
  type SubscriptionInput,
  type SubscriptionStore,
  type WebhookSubscription,
} from './subscription';
import type { FailureStore } from './webhook-failure';
import { filterPolicyOf } from './webhook-policy';
import type { WebhookEndpoint, WebhookSubscriber } from './webhook-topic';

export interface SubscriptionDeps {
  readonly subscriptions: SubscriptionStore;
  readonly failures: Pick<FailureStore, 'deleteAll'>;
  readonly checks: Pick<CheckStore, 'get'>;
  readonly subscriber: WebhookSubscriber;
  /** The URL policy, with the policy and DNS lookup bound; returns the SNS protocol and normalized URL. */
  readonly checkUrl: (url: string) => Promise<WebhookEndpoint>;
}

export interface SubscriptionRequest {
  readonly tenant: string;
  readonly id: string;
  readonly input: SubscriptionInput;
  readonly now: Date;
}

/**
 * Validates what the request names: the URL (policy) and the check (the tenant's own). The
 * endpoint's URL is the normalized one the policy checked: the only one stored or subscribed.
 */
async function endpointOf(
  deps: SubscriptionDeps,
  tenant: string,
  input: SubscriptionInput,
): Promise<WebhookEndpoint> {
  const endpoint = await deps.checkUrl(input.url);
  if (input.checkId !== undefined && (await deps.checks.get(tenant, input.checkId)) === undefined) {
    throw new NotFoundError(`Check ${input.checkId} not found`);
  }
  return endpoint;
}

function policyOf({ tenant, id, input }: SubscriptionRequest) {
  return filterPolicyOf({ tenant, subscriptionId: id, events: input.events, checkId: input.checkId });
}

/**
 * Runs `steps` after making a new SNS subscription; if they fail, the new subscription is
 * removed again so that none is left delivering unseen. Its own failure to go is secondary.
 */
async function orUnsubscribe(deps: SubscriptionDeps, subscriptionArn: string, steps: () => Promise<void>) {
  try {
    await steps();
  } catch (error) {
    await deps.subscriber.unsubscribe(subscriptionArn).catch(() => undefined);
    throw error;
  }
}

function storedSubscriptionOf(
  { tenant, id, input, now }: SubscriptionRequest,
  { url }: WebhookEndpoint,
  subscriptionArn: string,
  createdAt: string,
): WebhookSubscription {
  const base = { tenant, id, url, events: input.events, subscriptionArn, createdAt };
  const updatedAt = now.toISOString();
  return input.checkId === undefined
    ? { ...base, updatedAt }
    : { ...base, checkId: input.checkId, updatedAt };
}

/**
 * Subscribes the URL to the topic, then stores the subscription. The id is chosen first
 * because the filter policy names it. A new subscription waits for the receiver to confirm.
 */
export async function createSubscription(
  deps: SubscriptionDeps,
  request: SubscriptionRequest,
): Promise<PublicSubscription> {
  const endpoint = await endpointOf(deps, request.tenant, request.input);
  const subscriptionArn = await deps.subscriber.subscribe(endpoint, policyOf(request));
  const subscription = storedSubscriptionOf(request, endpoint, subscriptionArn, request.now.toISOString());
  await orUnsubscribe(deps, subscriptionArn, () => deps.subscriptions.put(subscription));
  return toPublicSubscription(subscription, 'pending_confirmation');
}

export async function getSubscription(
  deps: Pick<SubscriptionDeps, 'subscriptions' | 'subscriber'>,
  tenant: string,
  id: string,
): Promise<PublicSubscription> {
  const subscription = await requireSubscription(deps.subscriptions, tenant, id);
  const pending = await deps.subscriber.isPendingConfirmation(subscription.subscriptionArn);
  return toPublicSubscription(subscription, subscriptionStatusOf(pending));
}

/** SNS answers one subscription per call; a few at once keep a long list quick and unthrottled. */
const STATUS_LOOKUPS_AT_ONCE = 8;

export async function listSubscriptions(
  deps: Pick<SubscriptionDeps, 'subscriptions' | 'subscriber'>,
  tenant: string,
): Promise<PublicSubscription[]> {
  const limit = pLimit(STATUS_LOOKUPS_AT_ONCE);
  const subscriptions = await deps.subscriptions.list(tenant);
  return Promise.all(
    subscriptions.map((subscription) =>
      limit(async () => {
        const pending = await deps.subscriber.isPendingConfirmation(subscription.subscriptionArn);
        return toPublicSubscription(subscription, subscriptionStatusOf(pending));
      }),
    ),
  );
}

/**
 * Replaces the subscription. Only the filter policy changes while the URL stays and SNS
 * still has the subscription. Otherwise the new SNS subscription is made, the old one
 * removed, then the item stored; a failure removes the new one again, so a PUT that fails
 * midway leaves at worst an `unsubscribed` subscription that the same PUT repairs.
 */
export async function updateSubscription(
  deps: SubscriptionDeps,
  request: SubscriptionRequest,
): Promise<PublicSubscription> {
  const existing = await requireSubscription(deps.subscriptions, request.tenant, request.id);
  const endpoint = await endpointOf(deps, request.tenant, request.input);
  const policy = policyOf(request);
  if (
    endpoint.url === existing.url &&
    (await deps.subscriber.setFilterPolicy(existing.subscriptionArn, policy))
  ) {
    const subscription = storedSubscriptionOf(
      request,
      endpoint,
      existing.subscriptionArn,
      existing.createdAt,
    );
    await deps.subscriptions.put(subscription);
    const pending = await deps.subscriber.isPendingConfirmation(subscription.subscriptionArn);
    return toPublicSubscription(subscription, subscriptionStatusOf(pending));
  }
  const subscriptionArn = await deps.subscriber.subscribe(endpoint, policy);
  const subscription = storedSubscriptionOf(request, endpoint, subscriptionArn, existing.createdAt);
  await orUnsubscribe(deps, subscriptionArn, async () => {
    if (subscriptionArn !== existing.subscriptionArn) {
      await deps.subscriber.unsubscribe(existing.subscriptionArn);
    }
    await deps.subscriptions.put(subscription);
  });
  return toPublicSubscription(subscription, 'pending_confirmation');
}

/**
 * Unsubscribes first so nothing more is delivered, and deletes the item last, so a DELETE
 * that fails midway can simply be sent again.
 */
export async function deleteSubscription(deps: SubscriptionDeps, tenant: string, id: string): Promise<void> {
  const subscription = await requireSubscription(deps.subscriptions, tenant, id);
  await deps.subscriber.unsubscribe(subscription.subscriptionArn);
  await deps.failures.deleteAll(id);
  await deps.subscriptions.delete(tenant, id);
}

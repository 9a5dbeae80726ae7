import pLimit from 'p-limit';
import * as z from 'zod/mini';
import { checkIdSchema } from '../checks/check-input';
import { CHECK_EVENT_TYPES, type CheckEventType } from '../shared/cloud-event';
import { NotFoundError } from '../shared/errors';
import type { CheckStore } from '../checks/check-store';
import type { WebhookProtocol } from './url-policy';
import type { FailureStore, SubscriptionStore, WebhookEndpoint, WebhookSubscriber } from './webhook-ports';
import { filterPolicyOf } from './webhook-policy';

export const subscriptionIdSchema = z.uuid({ message: 'must be a subscription id (a UUID)' });

export const subscriptionInputSchema = z.strictObject({
  url: z.string().check(z.minLength(1), z.maxLength(2048)),
  events: z.array(z.enum(CHECK_EVENT_TYPES)).check(
    z.minLength(1),
    z.maxLength(CHECK_EVENT_TYPES.length),
    z.refine((events) => new Set(events).size === events.length, {
      message: 'must not repeat an event type',
    }),
  ),
  checkId: z.optional(checkIdSchema),
});

export type SubscriptionInput = z.output<typeof subscriptionInputSchema>;

/** A webhook subscription as it is stored: ours, plus the SNS subscription that delivers it. */
export interface Subscription {
  readonly tenant: string;
  readonly id: string;
  readonly url: string;
  readonly events: readonly CheckEventType[];
  readonly checkId?: string;
  readonly subscriptionArn: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * `unsubscribed`: SNS no longer has the subscription, because the confirmation lapsed or
 * the receiver followed the `UnsubscribeURL` of a message. A PUT subscribes it again.
 */
export type SubscriptionStatus = 'pending_confirmation' | 'confirmed' | 'unsubscribed';

export interface PublicSubscription {
  readonly id: string;
  readonly url: string;
  readonly events: readonly CheckEventType[];
  readonly checkId: string | null;
  readonly status: SubscriptionStatus;
  readonly createdAt: string;
}

export function statusOf(pendingConfirmation: boolean | undefined): SubscriptionStatus {
  if (pendingConfirmation === undefined) return 'unsubscribed';
  return pendingConfirmation ? 'pending_confirmation' : 'confirmed';
}

export function toPublicSubscription(
  subscription: Subscription,
  status: SubscriptionStatus,
): PublicSubscription {
  const { id, url, events, checkId, createdAt } = subscription;
  return { id, url, events, checkId: checkId ?? null, status, createdAt };
}

export interface SubscriptionDeps {
  readonly subscriptions: SubscriptionStore;
  readonly failures: Pick<FailureStore, 'deleteAll'>;
  readonly checks: Pick<CheckStore, 'get'>;
  readonly subscriber: WebhookSubscriber;
  /** The URL policy, with its mode and DNS lookup bound; returns the SNS protocol. */
  readonly checkUrl: (url: string) => Promise<WebhookProtocol>;
}

export interface SubscriptionRequest {
  readonly tenant: string;
  readonly id: string;
  readonly input: SubscriptionInput;
  readonly now: Date;
}

/** The tenant's subscription; another tenant's answers exactly as a missing one does. */
export async function requireSubscription(
  subscriptions: Pick<SubscriptionStore, 'get'>,
  tenant: string,
  id: string,
): Promise<Subscription> {
  const subscription = await subscriptions.get(tenant, id);
  if (subscription === undefined) throw new NotFoundError(`Subscription ${id} not found`);
  return subscription;
}

/** Validates what the request names: the URL (policy) and the check (the tenant's own). */
async function endpointOf(
  deps: SubscriptionDeps,
  tenant: string,
  input: SubscriptionInput,
): Promise<WebhookEndpoint> {
  const protocol = await deps.checkUrl(input.url);
  if (input.checkId !== undefined && (await deps.checks.get(tenant, input.checkId)) === undefined) {
    throw new NotFoundError(`Check ${input.checkId} not found`);
  }
  return { protocol, url: input.url };
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

function subscriptionOf(
  { tenant, id, input, now }: SubscriptionRequest,
  subscriptionArn: string,
  createdAt: string,
): Subscription {
  const base = { tenant, id, url: input.url, events: input.events, subscriptionArn, createdAt };
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
  const subscription = subscriptionOf(request, subscriptionArn, request.now.toISOString());
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
  return toPublicSubscription(subscription, statusOf(pending));
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
        return toPublicSubscription(subscription, statusOf(pending));
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
    const subscription = subscriptionOf(request, existing.subscriptionArn, existing.createdAt);
    await deps.subscriptions.put(subscription);
    const pending = await deps.subscriber.isPendingConfirmation(subscription.subscriptionArn);
    return toPublicSubscription(subscription, statusOf(pending));
  }
  const subscriptionArn = await deps.subscriber.subscribe(endpoint, policy);
  const subscription = subscriptionOf(request, subscriptionArn, existing.createdAt);
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

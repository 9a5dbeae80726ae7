import * as z from 'zod/mini';
import { checkIdSchema } from '../checks/check-input';
import { CHECK_EVENT_TYPES, type CheckEventType } from '../shared/cloud-event';
import { NotFoundError } from '../shared/errors';

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
export interface WebhookSubscription {
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

export function subscriptionStatusOf(pendingConfirmation: boolean | undefined): SubscriptionStatus {
  if (pendingConfirmation === undefined) return 'unsubscribed';
  return pendingConfirmation ? 'pending_confirmation' : 'confirmed';
}

export function toPublicSubscription(
  subscription: WebhookSubscription,
  status: SubscriptionStatus,
): PublicSubscription {
  const { id, url, events, checkId, createdAt } = subscription;
  return { id, url, events, checkId: checkId ?? null, status, createdAt };
}

export interface SubscriptionKey {
  readonly tenant: string;
  readonly id: string;
}

/** Webhook subscriptions, keyed by tenant then id, so a tenant only ever reaches its own. */
export interface SubscriptionStore {
  /** Creates or replaces the subscription. */
  put(subscription: WebhookSubscription): Promise<void>;
  get(tenant: string, id: string): Promise<WebhookSubscription | undefined>;
  list(tenant: string): Promise<WebhookSubscription[]>;
  delete(tenant: string, id: string): Promise<void>;
  /** The subscription that owns an SNS subscription, or undefined when there is none. */
  findByArn(subscriptionArn: string): Promise<SubscriptionKey | undefined>;
}

/** The tenant's subscription; another tenant's answers exactly as a missing one does. */
export async function requireSubscription(
  subscriptions: Pick<SubscriptionStore, 'get'>,
  tenant: string,
  id: string,
): Promise<WebhookSubscription> {
  const subscription = await subscriptions.get(tenant, id);
  if (subscription === undefined) throw new NotFoundError(`Subscription ${id} not found`);
  return subscription;
}

import type { FailedDelivery } from './failed-delivery';
import type { SubscriptionKey, SubscriptionStore } from './subscription';
import { FAILURE_RETENTION_SECONDS, type FailureStore, type WebhookFailure } from './webhook-failure';

export interface FailureInput {
  readonly subscription: SubscriptionKey;
  readonly delivery: FailedDelivery;
  readonly queueMessageId: string;
  readonly failedAt: Date;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

export function newFailure({
  subscription,
  delivery,
  queueMessageId,
  failedAt,
  errorCode,
  errorMessage,
}: FailureInput): WebhookFailure {
  const at = failedAt.toISOString();
  const failure: WebhookFailure = {
    subscriptionId: subscription.id,
    tenant: subscription.tenant,
    failureId: `${at}#${queueMessageId}`,
    snsMessageId: delivery.snsMessageId,
    event: delivery.event,
    failedAt: at,
    expiresAt: Math.floor(failedAt.getTime() / 1000) + FAILURE_RETENTION_SECONDS,
  };
  return {
    ...failure,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(errorMessage === undefined ? {} : { errorMessage }),
  };
}

/** The outcome of recording: `orphaned` when the subscription is gone (its owner deleted it). */
export type RecordOutcome = { readonly recorded: WebhookFailure } | { readonly orphaned: FailedDelivery };

export async function recordFailure(
  deps: {
    readonly subscriptions: Pick<SubscriptionStore, 'findByArn'>;
    readonly failures: Pick<FailureStore, 'record'>;
  },
  input: Omit<FailureInput, 'subscription'>,
): Promise<RecordOutcome> {
  const subscription = await deps.subscriptions.findByArn(input.delivery.subscriptionArn);
  if (subscription === undefined) return { orphaned: input.delivery };
  const failure = newFailure({ ...input, subscription });
  await deps.failures.record(failure);
  return { recorded: failure };
}

import pLimit from 'p-limit';
import { UnavailableError } from '../shared/errors';
import { requireSubscription, type SubscriptionStore } from './subscription';
import type { FailureStore } from './webhook-failure';
import { webhookAttributesOf } from './webhook-policy';
import type { WebhookPublisher } from './webhook-topic';

export interface ReplayDeps {
  readonly subscriptions: Pick<SubscriptionStore, 'get'>;
  readonly failures: Pick<FailureStore, 'list' | 'delete'>;
  readonly publisher: WebhookPublisher;
}

/** Failures read and published per round; SNS takes a few publishes at once without throttling. */
const REPLAY_PAGE_SIZE = 100;
const PUBLISHES_AT_ONCE = 8;

/**
 * Publishes every recorded failure of the subscription again, marked `replayFor` it so that
 * only it receives them, and deletes each record once its message is published. A message
 * that could not be published keeps its record and makes the replay answer unavailable.
 */
export async function replayFailures(
  deps: ReplayDeps,
  tenant: string,
  subscriptionId: string,
): Promise<number> {
  await requireSubscription(deps.subscriptions, tenant, subscriptionId);
  const limit = pLimit(PUBLISHES_AT_ONCE);
  let replayed = 0;
  let notReplayed = 0;
  let after: string | undefined;
  do {
    const page = await deps.failures.list(subscriptionId, REPLAY_PAGE_SIZE, after);
    const outcomes = await Promise.allSettled(
      page.items.map((failure) =>
        limit(() =>
          deps.publisher.publish(failure.event, webhookAttributesOf(failure.event, tenant, subscriptionId)),
        ),
      ),
    );
    const published = page.items.filter((_, index) => outcomes[index]?.status === 'fulfilled');
    await deps.failures.delete(
      subscriptionId,
      published.map((failure) => failure.failureId),
    );
    replayed += published.length;
    notReplayed += page.items.length - published.length;
    after = page.lastFailureId;
  } while (after !== undefined);
  if (notReplayed > 0) {
    throw new UnavailableError(
      `${notReplayed} failed messages could not be published again (${replayed} were); replay again later`,
    );
  }
  return replayed;
}

import pLimit from 'p-limit';
import type { RestClient } from '../../../e2e/support/rest-client';
import { createChecks } from '../../checks';
import { finalVersionOf } from '../../versions';
import { subscribeAll } from '../../websocket/fan-out';
import type { RawSubscriber, Retries } from '../../websocket/raw-subscriber';
import type { SubscriptionLedger } from '../../websocket/subscription-ledger';
import type { BurstSize } from './sizes';

/** Checks created (and subscribed to) at once: the burst, as fast as the API takes it. */
const PIPELINE = 10;

/**
 * Creates every check with no pause between its steps, `PIPELINE` at a time, and subscribes
 * each check's own subscribers as soon as it exists. The worker may have stepped it by then,
 * so a snapshot may be past version 1: that stream is expected from its snapshot on.
 * Returns the failed subscribes.
 */
export async function startBurst(
  size: BurstSize,
  rest: RestClient,
  label: string,
  subscribers: readonly RawSubscriber[],
  ledger: SubscriptionLedger,
  retries: Retries,
): Promise<string[]> {
  const limit = pLimit(PIPELINE);
  const failures: string[] = [];
  const startCheck = async (index: number) => {
    const [check] = await createChecks(rest, { count: 1, steps: size.steps, stepMs: 0 }, `${label}-${index}`);
    const checkId = check.id;
    ledger.check(checkId, finalVersionOf(size.steps));
    const first = index * size.subscribersPerCheck;
    const members = subscribers.slice(first, first + size.subscribersPerCheck);
    const subscribed = await subscribeAll(
      members.map((subscriber, member) => ({
        client: `burst-${index}-${member}`,
        subscriber,
        checkIds: [checkId],
      })),
      ledger,
      retries,
    );
    failures.push(...subscribed.failures);
  };
  await Promise.all(Array.from({ length: size.checks }, (_, index) => limit(() => startCheck(index))));
  return failures;
}

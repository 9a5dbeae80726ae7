import { setTimeout as delay } from 'node:timers/promises';
import type { RestClient } from '../../../e2e/support/rest-client';
import { mapAtMost } from '../../at-most';
import { coverageOf, type Coverage } from './coverage';
import type { FaultyReceiver } from './receiver';
import { listFailures, replay, statusOf, subscribe } from './subscriptions';

const POLL_MS = 500;
const CONFIRM_TIMEOUT_MS = 30_000;

/** A receiver and its subscription, to every event of the tenant's checks. */
export interface Hook {
  readonly receiver: FaultyReceiver;
  readonly subscriptionId: string;
}

/** Subscribes every receiver and waits until each confirmed and the API shows it confirmed. */
export async function subscribeAll(api: RestClient, receivers: readonly FaultyReceiver[]): Promise<Hook[]> {
  const hooks = await mapAtMost(receivers, async (receiver) => ({
    receiver,
    subscriptionId: await subscribe(api, receiver.url),
  }));
  const deadline = Date.now() + CONFIRM_TIMEOUT_MS;
  let pending = hooks;
  while (pending.length > 0) {
    const statuses = await mapAtMost(pending, (hook) => statusOf(api, hook.subscriptionId));
    pending = pending.filter((hook, index) => !hook.receiver.confirmed || statuses[index] !== 'confirmed');
    if (pending.length === 0) break;
    if (Date.now() > deadline) {
      const names = pending.map((hook) => hook.receiver.name).join(', ');
      throw new Error(`Subscriptions not confirmed within ${CONFIRM_TIMEOUT_MS} ms: ${names}`);
    }
    await delay(POLL_MS);
  }
  return hooks;
}

export interface Settled {
  readonly coverage: ReadonlyMap<Hook, Coverage>;
  /** Failures listed per hook, repeats included, and the pages read to list them. */
  readonly failures: ReadonlyMap<Hook, number>;
  readonly pages: number;
}

/**
 * Waits until every owed event of every receiver is delivered or listed as a failure:
 * a failure reaches the list only after SNS's retries, the dead-letter queue and the failure
 * recorder, so it is polled for, up to the deadline.
 */
export async function settle(
  api: RestClient,
  hooks: readonly Hook[],
  owed: readonly string[],
  timeoutMs: number,
): Promise<Settled> {
  const deadline = Date.now() + timeoutMs;
  let pages = 0;
  for (;;) {
    const listings = await mapAtMost(hooks, (hook) => listFailures(api, hook.subscriptionId));
    pages += listings.reduce((sum, listing) => sum + listing.pages, 0);
    const coverage = new Map(
      hooks.map((hook, index) => [
        hook,
        coverageOf(owed, hook.receiver.log.distinct, listings[index]?.eventIds ?? []),
      ]),
    );
    const covered = [...coverage.values()].every((each) => each.uncovered.length === 0);
    if (covered || Date.now() > deadline) {
      const failures = new Map(hooks.map((hook, index) => [hook, listings[index]?.eventIds.length ?? 0]));
      return { coverage, failures, pages };
    }
    await delay(POLL_MS);
  }
}

/** Heals every receiver, then replays each subscription's failures: how many each replayed. */
export async function replayAll(api: RestClient, hooks: readonly Hook[]): Promise<Map<Hook, number>> {
  await Promise.all(hooks.map((hook) => hook.receiver.heal()));
  const counts = await mapAtMost(hooks, (hook) => replay(api, hook.subscriptionId));
  return new Map(hooks.map((hook, index) => [hook, counts[index] ?? 0]));
}

/**
 * Waits until every receiver has taken every owed event and no failure is left listed, for
 * as long as deliveries keep arriving: a replay of hundreds of failures drains at the
 * pace SNS fans them out, so only a stall (nothing taken for `stallMs`) ends the wait early.
 */
export async function awaitCompletion(
  api: RestClient,
  hooks: readonly Hook[],
  owed: readonly string[],
  stallMs: number,
): Promise<{ readonly incomplete: string[]; readonly leftListed: number }> {
  const taken = () => hooks.reduce((sum, hook) => sum + hook.receiver.log.taken, 0);
  let lastTaken = taken();
  let lastProgressAt = Date.now();
  for (;;) {
    const incomplete = hooks
      .filter((hook) => owed.some((id) => !hook.receiver.log.has(id)))
      .map((hook) => hook.receiver.name);
    const listings = await mapAtMost(hooks, (hook) => listFailures(api, hook.subscriptionId));
    const leftListed = listings.reduce((sum, listing) => sum + listing.eventIds.length, 0);
    if (taken() > lastTaken) {
      lastTaken = taken();
      lastProgressAt = Date.now();
    }
    if ((incomplete.length === 0 && leftListed === 0) || Date.now() - lastProgressAt > stallMs) {
      return { incomplete, leftListed };
    }
    await delay(POLL_MS);
  }
}

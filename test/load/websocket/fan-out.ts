import { setTimeout as delay } from 'node:timers/promises';
import pLimit from 'p-limit';
import { RawSubscriber, urlWithToken, type Retries } from './raw-subscriber';
import type { SubscriptionLedger } from './subscription-ledger';

/**
 * Handshakes (and subscribes) in flight at once: enough to load the API, few enough that the
 * sandbox does not start an environment per request at once on a small machine.
 */
const CONCURRENCY = 20;

export interface Opened {
  readonly subscribers: readonly RawSubscriber[];
  readonly seconds: number;
  readonly retries: Retries;
}

function secondsSince(startedMs: number): number {
  return Math.round((Date.now() - startedMs) / 100) / 10;
}

/** Opens `count` raw clients with `?token=`, `CONCURRENCY` handshakes at a time. */
export async function openSubscribers(
  wsUrl: string,
  token: string,
  count: number,
  log: (line: string) => void,
): Promise<Opened> {
  const url = urlWithToken(wsUrl, token);
  const limit = pLimit(CONCURRENCY);
  const started = Date.now();
  const subscribers: RawSubscriber[] = [];
  const retries: Retries = { connects: 0, requests: 0 };
  try {
    await Promise.all(
      Array.from({ length: count }, () =>
        limit(async () => {
          subscribers.push(await RawSubscriber.open(url, retries));
          if (subscribers.length % 500 === 0) log(`${subscribers.length} of ${count} connected`);
        }),
      ),
    );
  } catch (error) {
    limit.clearQueue();
    await closeAll(subscribers);
    throw error;
  }
  return { subscribers, seconds: secondsSince(started), retries };
}

export interface Subscription {
  readonly client: string;
  readonly subscriber: RawSubscriber;
  /** Subscribed one after the other, on this client's connection. */
  readonly checkIds: readonly string[];
}

export interface Subscribed {
  readonly seconds: number;
  /** One line per failed subscribe; the ledger has no stream for those. */
  readonly failures: readonly string[];
}

/** Subscribes every client to its checks, each check's versions going to `ledger`. */
export async function subscribeAll(
  subscriptions: readonly Subscription[],
  ledger: SubscriptionLedger,
  retries: Retries,
): Promise<Subscribed> {
  const limit = pLimit(CONCURRENCY);
  const started = Date.now();
  const failures: string[] = [];
  await Promise.all(
    subscriptions.map(({ client, subscriber, checkIds }) =>
      limit(async () => {
        for (const checkId of checkIds) {
          try {
            await subscriber.subscribe(checkId, ledger.stream(client, checkId), retries);
          } catch (error) {
            failures.push(`client ${client}: ${(error as Error).message}`);
          }
        }
      }),
    ),
  );
  return { seconds: secondsSince(started), failures };
}

/**
 * Pings from every client before the run: the message route's environments start now (a
 * start can take seconds on a loaded machine), so the subscribes that follow are quick.
 */
export async function warmUp(subscribers: readonly RawSubscriber[], retries: Retries): Promise<number> {
  const limit = pLimit(CONCURRENCY);
  const started = Date.now();
  await Promise.all(subscribers.map((subscriber) => limit(() => subscriber.ping(retries))));
  return secondsSince(started);
}

export async function closeAll(subscribers: readonly RawSubscriber[]): Promise<void> {
  await Promise.all(subscribers.map((subscriber) => subscriber.terminate()));
}

/** Late duplicates (a retried batch) arrive within this after the last final version. */
const SETTLE_MS = 2_000;

export interface Delivered {
  /** From `startedMs` to the last stream's final version (or the time limit). */
  readonly seconds: number;
  readonly problems: readonly string[];
}

/**
 * Waits until every stream has its final version, then a little longer for late copies,
 * and lists what went wrong besides the ledger's counts: failed subscribes, streams that
 * never ended or never started, messages for no subscribed check.
 */
export async function awaitFinals(
  ledger: SubscriptionLedger,
  subscribers: readonly RawSubscriber[],
  subscribeFailures: readonly string[],
  startedMs: number,
  timeoutMs: number,
): Promise<Delivered> {
  const finished = await ledger.allFinished(timeoutMs);
  const seconds = secondsSince(startedMs);
  await delay(SETTLE_MS);
  const problems = [...subscribeFailures.slice(0, 10), ...ledger.ledger.problems()];
  if (!finished) {
    const { streams } = ledger.ledger.counts();
    problems.push(
      `${ledger.finishedStreams} of ${streams} streams reached their final version within ${timeoutMs / 1000} s`,
    );
  }
  if (ledger.streamsWithoutSnapshot > 0) {
    problems.push(`${ledger.streamsWithoutSnapshot} subscribes were never answered`);
  }
  const unexpected = subscribers.reduce((sum, subscriber) => sum + subscriber.unexpectedMessages, 0);
  if (unexpected > 0) problems.push(`${unexpected} messages were not for a subscribed check`);
  return { seconds, problems };
}

export function perSecond(count: number, seconds: number): number {
  return seconds > 0 ? Math.round(count / seconds) : 0;
}

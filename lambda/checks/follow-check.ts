import { isTerminal, type StoredCheck } from './check';
import type { Backoff } from './wait-for-change';

/**
 * The polling loop behind every stream of a check's versions (SSE and Connect's WatchCheck):
 * what to send and when, apart from how each protocol frames it.
 */

/** Proxies drop idle connections; the contract promises a keep-alive at least every 15 s. */
export const KEEP_ALIVE_MS = 10_000;

/** Slower than long polling: a stream lives for minutes, and every read is paid for. */
export const STREAM_BACKOFF: Backoff = { initialMs: 250, maxMs: 2000 };

export type StreamEnd = 'terminal' | 'deadline' | 'gone' | 'closed';

/** A version to send, or a keep-alive after `keepAliveMs` with nothing sent. */
export type FollowStep =
  { readonly kind: 'check'; readonly check: StoredCheck } | { readonly kind: 'keep-alive' };

export interface FollowCheckOptions {
  /** The check as first read; it decided that the stream opens at all. */
  readonly first: StoredCheck;
  /** The version the client already has: only newer ones are sent. */
  readonly resumeAfter: number | undefined;
  /** A strongly consistent read; undefined when the check is gone. */
  readonly read: () => Promise<StoredCheck | undefined>;
  /** False once the client went away: polling for nobody would only cost reads. */
  readonly isOpen: () => boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** Epoch milliseconds by which the stream must end; the client then resumes from its last version. */
  readonly deadline: number;
  readonly keepAliveMs?: number;
  readonly backoff?: Backoff;
}

/**
 * Yields the check's current state (unless the client has it), then each newer version,
 * until the check finishes, disappears, the client leaves or the deadline comes, and returns
 * which. The polling interval backs off while nothing changes and starts again from the
 * shortest after a change.
 */
export async function* followCheck(options: FollowCheckOptions): AsyncGenerator<FollowStep, StreamEnd> {
  const { read, isOpen, sleep, now, deadline } = options;
  const { keepAliveMs = KEEP_ALIVE_MS, backoff = STREAM_BACKOFF } = options;
  let check: StoredCheck | undefined = options.first;
  let lastSent = options.resumeAfter;
  let interval = backoff.initialMs;
  let lastSentAt = now();
  for (;;) {
    if (check === undefined) return 'gone';
    if (lastSent === undefined || check.version > lastSent) {
      yield { kind: 'check', check };
      lastSent = check.version;
      lastSentAt = now();
      interval = backoff.initialMs;
    }
    if (isTerminal(check.status)) return 'terminal';
    const at = now();
    if (at >= deadline) return 'deadline';
    if (at - lastSentAt >= keepAliveMs) {
      yield { kind: 'keep-alive' };
      lastSentAt = at;
    }
    await sleep(Math.min(interval, deadline - at, lastSentAt + keepAliveMs - at));
    interval = Math.min(interval * 2, backoff.maxMs);
    if (!isOpen()) return 'closed';
    check = await read();
  }
}

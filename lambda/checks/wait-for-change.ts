import { isTerminal, type CheckStatus } from './check';

/** What waiting needs to know about a check. */
export interface Versioned {
  readonly version: number;
  readonly status: CheckStatus;
}

/** Polling intervals: start at `initialMs`, double after each unchanged read, never above `maxMs`. */
export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** A change shows up within a second, and a long wait costs about 30 reads rather than 250. */
export const LONG_POLL_BACKOFF: Backoff = { initialMs: 100, maxMs: 1000 };

export interface WaitForChangeOptions<T extends Versioned> {
  /** A strongly consistent read; undefined when the check is gone. */
  readonly read: () => Promise<T | undefined>;
  readonly sleep: (ms: number) => Promise<void>;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** Answer as soon as the version is greater than this. */
  readonly afterVersion: number;
  /** Epoch milliseconds after which the wait gives up. */
  readonly deadline: number;
  readonly backoff?: Backoff;
}

export interface WaitOutcome<T> {
  /** The last read: undefined when the check is gone. */
  readonly check: T | undefined;
  /** Whether `check` is newer than `afterVersion`. */
  readonly changed: boolean;
}

/**
 * Reads until the version moves past `afterVersion` or the deadline passes. The last sleep
 * ends at the deadline and is followed by one more read, so a change just before it is seen.
 */
export async function waitForChange<T extends Versioned>(
  options: WaitForChangeOptions<T>,
): Promise<WaitOutcome<T>> {
  const { read, sleep, now, afterVersion, deadline, backoff = LONG_POLL_BACKOFF } = options;
  let interval = backoff.initialMs;
  for (;;) {
    const check = await read();
    if (check === undefined) return { check, changed: false };
    if (check.version > afterVersion) return { check, changed: true };
    // A finished check never changes again: waiting longer would only cost reads.
    if (isTerminal(check.status)) return { check, changed: false };
    const remaining = deadline - now();
    if (remaining <= 0) return { check, changed: false };
    await sleep(Math.min(interval, remaining));
    interval = Math.min(interval * 2, backoff.maxMs);
  }
}

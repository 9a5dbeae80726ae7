import type { LoadSize } from '../../scenario';
import type { FlakyOdds } from './fates';
import type { ReceiverKind } from './receiver';

export interface WebhookSizes {
  readonly receivers: Readonly<Record<ReceiverKind, number>>;
  readonly checks: number;
  readonly updates: number;
  readonly stepMs: number;
  /** How long the down-window receivers stay closed after the checks are half way: SNS's retry span. */
  readonly giveUpMs: number;
  /** How long every event has, after the checks end, to be delivered or listed as a failure. */
  readonly settleMs: number;
}

/**
 * 30 % of a flaky receiver's events fail: a third of those on every attempt (SNS gives up and
 * dead-letters them), the rest once to three times (a retry delivers; SNS tries 7 times).
 */
export const FLAKY_ODDS: FlakyOdds = { always: 0.1, transient: 0.2, maxTransientFailures: 3 };

/**
 * SNS's retries span about 1 s in the sandbox (1 s to 60 s × 0.01, plus an immediate one) and
 * its throttle of 10 a second per subscription is scaled alike, so a receiver takes a burst
 * at once. The updates are paced so that the second half of each check comes after the
 * down-window receivers are open again.
 */
export const WEBHOOK_SIZES: Readonly<Record<LoadSize, WebhookSizes>> = {
  quick: {
    receivers: { healthy: 2, flaky: 2, 'down-window': 1, down: 1 },
    checks: 3,
    updates: 6,
    stepMs: 800,
    giveUpMs: 1_200,
    settleMs: 60_000,
  },
  full: {
    receivers: { healthy: 8, flaky: 6, 'down-window': 3, down: 3 },
    checks: 10,
    updates: 10,
    stepMs: 800,
    giveUpMs: 1_200,
    settleMs: 180_000,
  },
};

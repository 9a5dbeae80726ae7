import type { Backoff } from '../../../lambda/checks/wait-for-change';

/**
 * The interval between the two table reads around a change that lands `elapsedMs` after the
 * poller restarted its backoff (reads at 0, initial, 3×initial, … each gap doubling up to the
 * ceiling): the wait no implementation of this polling can avoid for that change.
 */
export function readGapAt(backoff: Backoff, elapsedMs: number): number {
  let readAt = 0;
  let gap = backoff.initialMs;
  while (readAt + gap < elapsedMs) {
    readAt += gap;
    gap = Math.min(gap * 2, backoff.maxMs);
  }
  return gap;
}

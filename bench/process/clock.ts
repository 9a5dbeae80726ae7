import { performance } from 'node:perf_hooks';

/** How long one anchor of the monotonic clock to the wall clock is trusted. */
const ANCHOR_MS = 1_000;

let anchoredAt = Number.NEGATIVE_INFINITY;
let wallMinusMonotonic = 0;

/**
 * Epoch milliseconds with sub-millisecond precision, on the wall clock the functions stamp a
 * change's `time` with, so a time taken here compares with one taken in any other process.
 * `performance.timeOrigin + performance.now()` alone does not: the monotonic clock does not
 * follow steps of the wall clock, and in one full run the bench's own process, some 15 minutes
 * old, put a small check's arrivals 300–600 ms before their commit. Re-anchoring every second keeps the two within a
 * millisecond while the differences inside one fan-out keep the monotonic clock's precision.
 */
export function nowMs(): number {
  const monotonic = performance.now();
  if (monotonic - anchoredAt > ANCHOR_MS) {
    wallMinusMonotonic = Date.now() - monotonic;
    anchoredAt = monotonic;
  }
  return wallMinusMonotonic + monotonic;
}

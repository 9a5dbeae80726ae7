/** The contract's bounds on a check's job. */
const MAX_STEPS = 20;
const MAX_STEP_MS = 10_000;

/**
 * The check's step interval for N subscribers: long enough that one change has reached every
 * subscriber before the next is committed, so no change waits behind another (2 ms per
 * subscriber, at least 2 s), and long enough that the check outlasts subscribing them
 * (`subscribeMs`, expected) with `runs` changes and one to spare; at most the contract's 10 s.
 */
export function stepMsFor(subscribers: number, subscribeMs = 0, runs = 0): number {
  const outlast = Math.ceil(subscribeMs / Math.max(1, MAX_STEPS - runs - 1));
  return Math.min(MAX_STEP_MS, Math.max(2_000, subscribers * 2, outlast));
}

/** Whether a check the contract allows outlasts subscribing for `subscribeMs` and still changes `runs` times. */
export function outlastsSubscribing(subscribeMs: number, runs: number): boolean {
  return subscribeMs <= (MAX_STEPS - runs - 1) * MAX_STEP_MS;
}

/**
 * Steps enough for `runs` changes after the subscriptions, which take about `subscribeMs`,
 * with one to spare; few enough that the check ends soon after, so its later changes do not
 * fan out while the ceilings are measured.
 */
export function stepsFor(runs: number, subscribeMs: number, stepMs: number): number {
  return Math.min(MAX_STEPS, runs + 1 + Math.ceil(subscribeMs / stepMs));
}

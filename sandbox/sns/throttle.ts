/**
 * `throttlePolicy.maxReceivesPerSecond` for one subscription: each attempt takes the next
 * free slot, at least `intervalMs` after the previous one, so a burst is spread out and
 * sent in the order it was queued.
 */
export function reserveSlot(
  nextFreeAt: number,
  now: number,
  intervalMs: number,
): { readonly sendAt: number; readonly nextFreeAt: number } {
  const sendAt = Math.max(now, nextFreeAt);
  return { sendAt, nextFreeAt: sendAt + intervalMs };
}

/** The spacing of attempts for a rate, scaled as every other SNS timing in the sandbox. */
export function throttleIntervalMs(maxReceivesPerSecond: number | undefined, delayScale: number): number {
  return maxReceivesPerSecond === undefined ? 0 : (1000 / maxReceivesPerSecond) * delayScale;
}

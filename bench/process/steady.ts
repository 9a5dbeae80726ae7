/**
 * Whether the last `window` samples lie within `tolerance` (a fraction) of their median: the
 * process has stopped returning or taking memory, so its RSS means something.
 */
export function isSteady(samples: readonly number[], window: number, tolerance: number): boolean {
  if (samples.length < window) return false;
  const last = [...samples.slice(-window)].sort((a, b) => a - b);
  const median = last[Math.floor(last.length / 2)];
  return last[last.length - 1] - last[0] <= median * tolerance;
}

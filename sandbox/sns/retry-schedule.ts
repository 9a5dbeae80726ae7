import type { BackoffFunction, HealthyRetryPolicy } from './delivery-policy';

/** AWS's hard limit on the retry time of an HTTP/S delivery. */
export const MAX_TOTAL_RETRY_SECONDS = 3600;

/** The most a jittered delay is shortened by: down only, so no delay passes maxDelayTarget or the 1 h limit. */
export const JITTER_FRACTION = 0.1;

/**
 * Where the i-th of n backoff retries sits between minDelayTarget (0) and maxDelayTarget
 * (1). AWS names the four functions but does not publish them; these are the sandbox's:
 * linear steps are equal, arithmetic steps grow by a constant amount, geometric delays
 * grow by a constant factor, and exponential steps double.
 */
function backoffDelay(fn: BackoffFunction, min: number, max: number, index: number, count: number): number {
  if (count === 1 || min === max) return min;
  const t = index / (count - 1);
  switch (fn) {
    case 'linear':
      return min + (max - min) * t;
    case 'arithmetic':
      return min + (max - min) * t * t;
    case 'geometric':
      return min * (max / min) ** t;
    case 'exponential':
      return min + ((max - min) * (2 ** index - 1)) / (2 ** (count - 1) - 1);
  }
}

/**
 * The delays in seconds before each retry of a failed delivery, without jitter: the
 * immediate phase (0 s), the pre-backoff phase (minDelayTarget), the backoff phase from
 * minDelayTarget to maxDelayTarget, then the post-backoff phase (maxDelayTarget). Retries
 * that would end past 3600 s after the first attempt are dropped, as AWS allows no more.
 */
export function retryDelaysSeconds(policy: HealthyRetryPolicy): number[] {
  const { minDelayTarget: min, maxDelayTarget: max, numRetries } = policy;
  const backoffCount = Math.max(
    0,
    numRetries - policy.numNoDelayRetries - policy.numMinDelayRetries - policy.numMaxDelayRetries,
  );
  const delays = [
    ...Array<number>(policy.numNoDelayRetries).fill(0),
    ...Array<number>(policy.numMinDelayRetries).fill(min),
    ...Array.from({ length: backoffCount }, (_, index) =>
      backoffDelay(policy.backoffFunction, min, max, index, backoffCount),
    ),
    ...Array<number>(policy.numMaxDelayRetries).fill(max),
  ];
  const kept: number[] = [];
  let total = 0;
  for (const delay of delays) {
    total += delay;
    if (total > MAX_TOTAL_RETRY_SECONDS) break;
    kept.push(delay);
  }
  return kept;
}

/** `random` returns [0, 1), as Math.random does. */
export function jitteredSeconds(delay: number, random: () => number): number {
  return delay * (1 - JITTER_FRACTION * random());
}

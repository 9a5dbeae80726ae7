/** A size already measured: how long subscribing its clients took. */
export interface SubscribedSize {
  readonly subscribers: number;
  readonly subscribeMs: number;
}

/**
 * How long subscribing `subscribers` should take at the slowest per-client rate seen so far
 * (subscriptions are one invocation each, so the time grows with N); 0 before any size.
 */
export function expectedSubscribeMs(measured: readonly SubscribedSize[], subscribers: number): number {
  let perClient = 0;
  for (const size of measured) perClient = Math.max(perClient, size.subscribeMs / size.subscribers);
  return perClient * subscribers;
}

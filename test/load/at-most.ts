import pLimit from 'p-limit';

/**
 * Setup and bookkeeping requests (creating checks and subscriptions, reading them back) go a
 * few at a time: each request beyond the warm environments starts a cold Lambda environment,
 * and a burst of them on a loaded 2-core machine makes every one slow. The load the scenarios
 * put on the system, their clients and the changes, is not limited by this.
 */
const AT_ONCE = 4;

/** `Promise.all(items.map(fn))`, with at most a few calls of `fn` running at a time. */
export function mapAtMost<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const limit = pLimit(AT_ONCE);
  return Promise.all(items.map((item, index) => limit(() => fn(item, index))));
}

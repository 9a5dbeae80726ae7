import { performance } from 'node:perf_hooks';

/**
 * Epoch milliseconds with sub-millisecond precision. Every process on this machine reads the
 * same wall clock through it, so a time taken in a child process compares with one taken here.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

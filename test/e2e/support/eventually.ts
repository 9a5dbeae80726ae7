import { setTimeout as delay } from 'node:timers/promises';

export interface EventuallyOptions {
  /** What is awaited, for the message when it never comes. */
  readonly what: string;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Calls `probe` until it returns a value (not undefined), and returns it; fails naming `what`
 * once `timeoutMs` passed. An error thrown by the probe fails at once: it is a wrong answer,
 * not a late one.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  { what, timeoutMs = 20_000, intervalMs = 150 }: EventuallyOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}

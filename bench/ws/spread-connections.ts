/**
 * Where a pool's connections come from. A process holds one file descriptor per socket
 * (`ulimit -n`, 20,000 on the bench machine, hard limit too), and loopback connections from
 * one source address take their ports from one ephemeral range (32768–60999: ~28,000), so a
 * large pool is spread over several processes, each with a source address of its own.
 */
export interface ConnectionShare {
  readonly count: number;
  /** The source address its sockets bind to, from 127.0.0.0/8 (all loopback on Linux). */
  readonly localAddress: string;
}

export interface SpreadLimits {
  /** Sockets one client process holds at most: well under its descriptor limit. */
  readonly perProcess: number;
}

export const DEFAULT_SPREAD: SpreadLimits = { perProcess: 10_000 };

/**
 * The `index`-th loopback address after 127.0.0.1: 127.0.0.2, …, 127.0.0.254, 127.0.1.1, …
 * (no .0 or .255 in the last octet, which some tools read as network or broadcast).
 */
export function loopbackAddress(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new Error(`No loopback address number ${index}`);
  const last = (index + 1) % 254;
  const block = Math.floor((index + 1) / 254);
  if (block >= 256 * 256) throw new Error(`Loopback address number ${index} is outside 127.0.0.0/8`);
  return `127.${Math.floor(block / 256)}.${block % 256}.${last + 1}`;
}

/**
 * `total` connections over as few processes as `limits.perProcess` allows, as evenly as
 * possible, each process on its own source address starting at the `firstAddress`-th, so a
 * later pool can start past the addresses whose ports an earlier one left in TIME_WAIT.
 */
export function spreadConnections(
  total: number,
  firstAddress: number,
  limits: SpreadLimits = DEFAULT_SPREAD,
): ConnectionShare[] {
  if (!Number.isSafeInteger(total) || total < 1)
    throw new Error(`A pool needs at least one connection, not ${total}`);
  if (!Number.isSafeInteger(limits.perProcess) || limits.perProcess < 1) {
    throw new Error(`perProcess must be a positive whole number, not ${limits.perProcess}`);
  }
  const processes = Math.ceil(total / limits.perProcess);
  const base = Math.floor(total / processes);
  const extra = total % processes;
  return Array.from({ length: processes }, (_, index) => ({
    count: base + (index < extra ? 1 : 0),
    localAddress: loopbackAddress(firstAddress + index),
  }));
}

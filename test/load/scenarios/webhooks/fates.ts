import { createHash } from 'node:crypto';

/** How a flaky receiver treats one event: how many of SNS's attempts it fails before taking it. */
export type Fate = number;

/** Shares of the events a flaky receiver fails on every attempt, or on the first few only. */
export interface FlakyOdds {
  /** Fails every attempt, so SNS exhausts its retries and dead-letters the event. */
  readonly always: number;
  /** Fails the first 1 to `maxTransientFailures` attempts, then takes it: SNS's retry delivers. */
  readonly transient: number;
  readonly maxTransientFailures: number;
}

/** A uniform number in [0, 1) and a second draw, from the hash of `key`: the same key, the same fate. */
function drawsOf(key: string): [number, number] {
  const digest = createHash('sha256').update(key).digest();
  return [digest.readUInt32BE(0) / 2 ** 32, digest.readUInt32BE(4)];
}

/**
 * The fate of one event at one receiver, seeded so that a run's mix of failures is decided
 * by its seed and the event, not by the order deliveries happen to arrive in.
 */
export function fateOf(seed: string, eventId: string, odds: FlakyOdds): Fate {
  const [share, pick] = drawsOf(`${seed}:${eventId}`);
  if (share < odds.always) return Infinity;
  if (share < odds.always + odds.transient) return 1 + (pick % odds.maxTransientFailures);
  return 0;
}

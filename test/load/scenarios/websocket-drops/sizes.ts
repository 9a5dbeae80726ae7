import type { LoadSize } from '../../scenario';
import { finalVersionOf } from '../../versions';

export interface DropsSize {
  readonly clients: number;
  /** Client `i` follows check `i mod checks`. */
  readonly checks: number;
  readonly steps: number;
  readonly stepMs: number;
}

export const DROPS_SIZES: Readonly<Record<LoadSize, DropsSize>> = {
  quick: { clients: 30, checks: 3, steps: 12, stepMs: 1_000 },
  full: { clients: 300, checks: 10, steps: 20, stepMs: 3_000 },
};

/**
 * What happens to a client's first connection: `kept` is never touched; `dropped` is cut
 * through the admin API with no `$disconnect` (as AWS loses one); `closed` has its socket
 * destroyed by the client with no closing handshake.
 */
export type Fault = 'kept' | 'dropped' | 'closed';

export function faultOf(client: number): Fault {
  const faults: readonly Fault[] = ['kept', 'dropped', 'closed'];
  return faults[client % faults.length];
}

/** The fewest changes a check makes after a fault, so the notifier must post past it. */
export const CHANGES_AFTER_FAULT = 3;

/**
 * The version whose delivery triggers the client's fault: spread over the run, never before
 * version 2 (the client is subscribed and has had a push) and never later than
 * `CHANGES_AFTER_FAULT` changes before the final version.
 */
export function faultVersionOf(client: number, steps: number): number {
  const latest = finalVersionOf(steps) - CHANGES_AFTER_FAULT;
  if (latest < 2) throw new Error(`A check of ${steps} steps is too short to fault mid-run`);
  return 2 + (client % (latest - 1));
}

import type { LoadSize } from '../../scenario';

export interface BurstSize {
  readonly checks: number;
  /** Each check makes `steps` changes after its creation, with no pause (`stepMs: 0`). */
  readonly steps: number;
  readonly subscribersPerCheck: number;
}

export const BURST_SIZES: Readonly<Record<LoadSize, BurstSize>> = {
  quick: { checks: 50, steps: 20, subscribersPerCheck: 2 },
  full: { checks: 250, steps: 20, subscribersPerCheck: 2 },
};

/** The changes the burst writes to the checks table: each check's creation and its steps. */
export function changesOf(size: BurstSize): number {
  return size.checks * (size.steps + 1);
}

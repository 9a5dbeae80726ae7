import { ratio, summarize } from '../../stats';
import type { FanoutSize } from './result';

/** How time to the last delivery grows with N on the real path. */
export interface ScalingRow {
  readonly subscribers: number;
  /** Median commit → last delivery, ms. */
  readonly lastMs: number;
  /** `lastMs / N` in µs: flat or falling when time grows no faster than N. */
  readonly perSubscriberMicros: number;
  /** This size's per-subscriber time over the previous (smaller) size's; undefined for the first. */
  readonly perSubscriberToPrevious: number | undefined;
}

/** One row per size, in the order measured (ascending N). */
export function scalingRows(sizes: readonly FanoutSize[]): ScalingRow[] {
  const rows: ScalingRow[] = [];
  for (const size of sizes) {
    if (size.notifier.length === 0) continue;
    const lastMs = summarize(size.notifier.map((run) => run.lastMs)).median;
    const perSubscriberMicros = (lastMs * 1000) / size.subscribers;
    const previous = rows.at(-1);
    rows.push({
      subscribers: size.subscribers,
      lastMs,
      perSubscriberMicros,
      perSubscriberToPrevious:
        previous === undefined ? undefined : ratio(perSubscriberMicros, previous.perSubscriberMicros),
    });
  }
  return rows;
}

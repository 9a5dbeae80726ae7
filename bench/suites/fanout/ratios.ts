import { ratio, summarize } from '../../stats';
import type { DeliveryTiming } from './delivery-timing';
import type { FanoutSize } from './result';

export type PathName = 'notifier' | 'direct' | 'raw';

export interface FanoutRatios {
  /** Median deliveries/s from the first delivery, notifier over the best direct concurrency. */
  readonly notifierToDirect: number | undefined;
  /** The same ratio for each run, paired by index (the i-th change with the i-th direct round). */
  readonly notifierToDirectByRun: readonly number[];
  readonly notifierToRaw: number | undefined;
  readonly directToRaw: number | undefined;
  /** Median time to the last delivery, notifier (from commit) over direct (from first post). */
  readonly lastToDirect: number | undefined;
  /** The same over the bare ws broadcast (from its first write). */
  readonly lastToRaw: number | undefined;
}

export function medianRate(runs: readonly DeliveryTiming[]): number {
  return runs.length === 0 ? 0 : summarize(runs.map((run) => run.perSecondFromFirst)).median;
}

export function medianLast(runs: readonly DeliveryTiming[]): number {
  return runs.length === 0 ? 0 : summarize(runs.map((run) => run.lastMs)).median;
}

export function fanoutRatios(size: FanoutSize): FanoutRatios {
  const direct =
    size.direct.byConcurrency.find((entry) => entry.concurrency === size.direct.best)?.runs ?? [];
  const notifier = medianRate(size.notifier);
  const directRate = medianRate(direct);
  const raw = medianRate(size.raw);
  const pairs = Math.min(size.notifier.length, direct.length);
  const byRun: number[] = [];
  for (let index = 0; index < pairs; index += 1) {
    const value = ratio(size.notifier[index].perSecondFromFirst, direct[index].perSecondFromFirst);
    if (value !== undefined) byRun.push(value);
  }
  return {
    notifierToDirect: notifier === 0 ? undefined : ratio(notifier, directRate),
    notifierToDirectByRun: byRun,
    notifierToRaw: notifier === 0 ? undefined : ratio(notifier, raw),
    directToRaw: directRate === 0 ? undefined : ratio(directRate, raw),
    lastToDirect:
      size.notifier.length === 0 ? undefined : ratio(medianLast(size.notifier), medianLast(direct)),
    lastToRaw:
      size.notifier.length === 0 ? undefined : ratio(medianLast(size.notifier), medianLast(size.raw)),
  };
}

/** AppSync Events against the API Gateway WebSocket path at one N, medians of the same run. */
export interface AppSyncRatios {
  /** Deliveries/s from the first delivery, AppSync over the notifier path. */
  readonly rate: number | undefined;
  /** Commit to the last delivery, AppSync over the notifier path: below 1 is faster. */
  readonly last: number | undefined;
}

export function appSyncRatios(size: FanoutSize): AppSyncRatios {
  const events = size.appSyncEvents;
  if (!events.measured || events.runs.length === 0 || size.notifier.length === 0) {
    return { rate: undefined, last: undefined };
  }
  return {
    rate: ratio(medianRate(events.runs), medianRate(size.notifier)),
    last: ratio(medianLast(events.runs), medianLast(size.notifier)),
  };
}

import type { CheckCloudEvent } from '../../../lambda/shared/cloud-event';
import type { BenchContext, BenchSandbox } from '../../suite';
import { openDescriptors } from '../../process/descriptor-capacity';
import type { ClientFleet } from '../../ws/client-fleet';
import { deliveryTiming, type DeliveryTiming } from './delivery-timing';
import type { InFlightWindow } from './in-flight';
import { getCheck } from './sandbox-api';

/**
 * Changes after the subscriptions that are delivered and counted but not timed: the first
 * changes a function posts run its code cold (the first of five timed at N = 1,000 ran at
 * 0.4x the median), while the direct client has posted whole rounds before.
 */
export const WARMUP_CHANGES = 2;

/** The changes a measured check must make after its subscriptions. */
export function changesAfterSubscribing(runs: number): number {
  return runs + WARMUP_CHANGES;
}

export function deliveryTimeoutMs(subscribers: number): number {
  return 60_000 + subscribers * 10;
}

export interface NotifierRuns {
  readonly runs: DeliveryTiming[];
  /** Every change waited for, timed or not: when each was on its way. */
  readonly windows: InFlightWindow[];
  /** Per change waited for: how many distinct subscribers got it (all of them unless `countLosses`). */
  readonly delivered: number[];
  /** The last change's CloudEvent as the clients received it: the ceilings send the same. */
  readonly eventText: string;
  readonly eventId: string;
  /** The most descriptors the sandbox held after a change. */
  readonly peakDescriptors: number;
}

export interface NotifierRunOptions {
  /** Counts a change some subscribers never got instead of failing (the rate-limit scenario). */
  readonly countLosses?: boolean;
}

/**
 * Times each change after `afterVersion` and the warm-up until the check ends or `runs` are
 * timed, then waits for the check's last change, so the notifier is idle when the ceilings run.
 */
export async function timeNotifier(
  context: BenchContext,
  sandbox: BenchSandbox,
  fleet: ClientFleet,
  checkId: string,
  afterVersion: number,
  stepMs: number,
  options: NotifierRunOptions = {},
): Promise<NotifierRuns> {
  const { runs: wanted } = context.options;
  const runs: DeliveryTiming[] = [];
  const windows: InFlightWindow[] = [];
  const delivered: number[] = [];
  let peakDescriptors = 0;
  let last: CheckCloudEvent | undefined;
  let eventText = '';
  let warmup = WARMUP_CHANGES;
  for (let version = afterVersion + 1; ; version += 1) {
    const key = `${checkId}:${version}`;
    try {
      await fleet.waitForAll(key, stepMs + deliveryTimeoutMs(fleet.size));
    } catch (error) {
      if (options.countLosses !== true || (await fleet.receivers(key)) === 0) throw error;
    }
    peakDescriptors = Math.max(peakDescriptors, openDescriptors(sandbox.serverPid));
    eventText = (await fleet.lastText(key)) ?? '';
    last = JSON.parse(eventText) as CheckCloudEvent;
    const times = await fleet.times(key);
    const timing = deliveryTiming(Date.parse(last.time), times);
    windows.push({ commitMs: Date.parse(last.time), lastMs: Date.parse(last.time) + timing.lastMs });
    delivered.push(await fleet.receivers(key));
    if (warmup > 0) warmup -= 1;
    else if (runs.length < wanted) {
      runs.push(timing);
      context.progress.tick(runs.length, wanted);
    }
    await fleet.forget(key);
    if (last.data.status !== 'processing') break;
  }
  if (runs.length === 0) throw new Error(`No change of check ${checkId} came after the subscriptions`);
  const check = await getCheck(sandbox.endpoints, checkId);
  if (check.version !== last.data.version) throw new Error(`Check ${checkId} moved past its final version`);
  return { runs, windows, delivered, eventText, eventId: last.id, peakDescriptors };
}

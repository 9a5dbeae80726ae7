import { summarize } from '../../stats';
import type { BenchContext } from '../../suite';
import type { DeliveryTiming } from './delivery-timing';
import { closeFleet, subscribedFleet, type AddressCursor } from './measure-size';
import { timeNotifier } from './notifier-runs';
import {
  AWS_DEFAULT_BURST,
  AWS_DEFAULT_RATE_PER_SECOND,
  limitBelow,
  rateLimitArgs,
} from './rate-limit-flags';
import type { LimitedRuns, LimitKind, RateLimitScenario } from './result';
import { throttledPosts } from './sandbox-api';

interface Limit {
  readonly kind: LimitKind;
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** The notifier path at `subscribers` through a sandbox of its own throttled at `limit`. */
async function measureLimited(
  context: BenchContext,
  subscribers: number,
  addresses: AddressCursor,
  limit: Limit,
): Promise<LimitedRuns> {
  const sandbox = await context.startSandbox({ args: rateLimitArgs(limit.ratePerSecond, limit.burst) });
  try {
    const label = `fanout: N = ${subscribers}, @connections limited to ${limit.ratePerSecond}/s`;
    const subscribed = await subscribedFleet(context, sandbox, subscribers, addresses, label);
    try {
      context.progress.step(`${label}, through the notifier`);
      const on = await timeNotifier(
        context,
        sandbox,
        subscribed.fleet,
        subscribed.checkId,
        subscribed.version,
        subscribed.stepMs,
        { countLosses: true },
      );
      return {
        ...limit,
        on: on.runs,
        delivered: on.delivered,
        throttled: await throttledPosts(sandbox.endpoints),
      };
    } finally {
      await closeFleet(subscribed.fleet);
    }
  } finally {
    await sandbox.stop();
  }
}

/**
 * The notifier path at `subscribers` throttled at AWS's default, then at a limit below what
 * it sustained unlimited (`off`, the same size's runs through the main sandbox), so the report
 * shows both the ceiling a deployment meets and what happens when it is hit. Every
 * subscriber's receipt of each change is counted, so a lost one shows.
 */
export async function measureRateLimit(
  context: BenchContext,
  subscribers: number,
  off: readonly DeliveryTiming[],
  addresses: AddressCursor,
): Promise<RateLimitScenario> {
  const limits: Limit[] = [
    { kind: 'aws-default', ratePerSecond: AWS_DEFAULT_RATE_PER_SECOND, burst: AWS_DEFAULT_BURST },
    { kind: 'below-the-path', ...limitBelow(summarize(off.map((run) => run.perSecondFromFirst)).median) },
  ];
  const runs: LimitedRuns[] = [];
  for (const limit of limits) runs.push(await measureLimited(context, subscribers, addresses, limit));
  return { measured: true, subscribers, off, limits: runs };
}

import { USAGE as SANDBOX_USAGE } from '../../../sandbox/platform/config';
import {
  connectionCapacity,
  openDescriptors,
  planSizes,
  readOpenFilesLimit,
} from '../../process/descriptor-capacity';
import type { BenchContext } from '../../suite';
import { startDirectPoster } from './direct-poster-process';
import { checkSubscribeTime, measureSize, TooSlowToSubscribe, type AddressCursor } from './measure-size';
import { changesAfterSubscribing } from './notifier-runs';
import { readNotifyConcurrency } from './notify-concurrency';
import { measurePostCpu } from './post-cpu';
import { measureRateLimit } from './rate-limit';
import { acceptsRateLimit, rateLimitArgs } from './rate-limit-flags';
import type { FanoutResult, FanoutSize, RateLimitScenario, SandboxCapacity, SkippedSize } from './result';
import { expectedSubscribeMs } from './subscribe-estimate';

/** The sandbox's default, which the real path runs with (Lambda's poll interval). */
const STREAM_POLL_MS = 250;
/**
 * Descriptors the sandbox keeps free beside its WebSocket connections while it fans out: the
 * notifier's `@connections` sockets (both ends in the sandbox's process), the direct client's
 * (up to 200), the functions' table clients, its logs. At N = 300 and N = 1,000 it held
 * about 450 besides its connections.
 */
const DESCRIPTOR_HEADROOM = 2_500;
/** Where the rate limit is measured: the largest quick N, or the largest measured below it. */
const SCENARIO_SIZE = 20_000;

export async function runFanout(context: BenchContext): Promise<FanoutResult> {
  const { progress } = context;
  progress.step('fanout: CPU per post, lean poster and SDK client');
  const postCpu = await measurePostCpu(context);
  const rateLimitFlags = acceptsRateLimit(SANDBOX_USAGE);
  const sandboxArgs = rateLimitFlags ? rateLimitArgs(0) : [];
  const sandbox = await context.startSandbox({ args: sandboxArgs });
  const poster = startDirectPoster();
  const sizes: FanoutSize[] = [];
  const skipped: SkippedSize[] = [];
  const addresses: AddressCursor = { next: 0 };
  let capacity: SandboxCapacity;
  try {
    const limit = readOpenFilesLimit(sandbox.serverPid);
    const idleDescriptors = openDescriptors(sandbox.serverPid);
    const connections = connectionCapacity(limit, idleDescriptors, DESCRIPTOR_HEADROOM);
    capacity = {
      softLimit: limit.soft,
      hardLimit: limit.hard,
      idleDescriptors,
      headroom: DESCRIPTOR_HEADROOM,
      connections,
    };
    const plans = planSizes(context.options.fanout, connections);
    for (const plan of plans) {
      if (plan.requested.some((size) => size > plan.measured)) {
        progress.note(
          `fanout: N = ${plan.requested.join(', ')} asked for; the sandbox holds ${connections} connections (descriptor limit ${limit.soft}), so N = ${plan.measured}`,
        );
      }
      const expected = expectedSubscribeMs(sizes, plan.measured);
      try {
        // Before connecting: a size that cannot be subscribed in a check's life is not worth the minutes.
        checkSubscribeTime(plan.measured, expected, changesAfterSubscribing(context.options.runs));
        const size = await measureSize(
          context,
          sandbox,
          poster,
          { subscribers: plan.measured, requested: plan.requested, expectedSubscribeMs: expected },
          addresses,
        );
        sizes.push(size);
        progress.note(
          `fanout: N = ${plan.measured} measured (${size.notifier.length} changes through the notifier)`,
        );
      } catch (error) {
        if (!(error instanceof TooSlowToSubscribe)) throw error;
        skipped.push({ subscribers: plan.measured, requested: plan.requested, reason: error.message });
        progress.note(`fanout: N = ${plan.measured} not measured: ${error.message}`);
      }
    }
  } finally {
    await poster.stop();
    await sandbox.stop();
  }
  const scenario = sizes
    .filter((size) => size.subscribers <= SCENARIO_SIZE)
    .reduce<FanoutSize | undefined>(
      (best, size) => (best === undefined || size.subscribers > best.subscribers ? size : best),
      undefined,
    );
  let rateLimit: RateLimitScenario;
  if (!rateLimitFlags) {
    rateLimit = {
      measured: false,
      reason:
        "the sandbox's --help lists no --connections-rate-limit / --connections-burst-limit: its @connections has no rate limit to turn on",
    };
  } else if (scenario === undefined) {
    rateLimit = { measured: false, reason: 'no size was measured' };
  } else {
    rateLimit = await measureRateLimit(context, scenario.subscribers, scenario.notifier, addresses);
  }
  return {
    sizes,
    skipped,
    capacity,
    sandboxArgs,
    rateLimit,
    postCpu,
    notifyConcurrency: readNotifyConcurrency(context.projectDir),
    streamPollMs: STREAM_POLL_MS,
    runs: context.options.runs,
  };
}

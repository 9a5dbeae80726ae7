import type { BenchContext } from '../../suite';
import type { DeliveryTiming } from './delivery-timing';
import { closeFleet, subscribedFleet, type AddressCursor } from './measure-size';
import { timeNotifier } from './notifier-runs';
import { AWS_DEFAULT_BURST, AWS_DEFAULT_RATE_PER_SECOND, rateLimitArgs } from './rate-limit-flags';
import type { RateLimitScenario } from './result';
import { throttledPosts } from './sandbox-api';

/**
 * The notifier path at `subscribers` through a sandbox of its own whose `@connections` is
 * throttled at AWS's default, against the same size's runs through the main sandbox (limit
 * off); every subscriber's receipt of each change is counted, so a lost one shows.
 */
export async function measureRateLimit(
  context: BenchContext,
  subscribers: number,
  off: readonly DeliveryTiming[],
  addresses: AddressCursor,
): Promise<RateLimitScenario> {
  const sandbox = await context.startSandbox({
    args: rateLimitArgs(AWS_DEFAULT_RATE_PER_SECOND, AWS_DEFAULT_BURST),
  });
  try {
    const subscribed = await subscribedFleet(
      context,
      sandbox,
      subscribers,
      addresses,
      `fanout: N = ${subscribers}, @connections limited to ${AWS_DEFAULT_RATE_PER_SECOND}/s`,
    );
    try {
      context.progress.step(`fanout: N = ${subscribers}, through the notifier, rate-limited`);
      const on = await timeNotifier(
        context,
        sandbox,
        subscribed.fleet,
        subscribed.checkId,
        subscribed.version,
        subscribed.stepMs,
        { countLosses: true },
      );
      const throttled = await throttledPosts(sandbox.endpoints);
      return {
        measured: true,
        throttled,
        subscribers,
        ratePerSecond: AWS_DEFAULT_RATE_PER_SECOND,
        burst: AWS_DEFAULT_BURST,
        off,
        on: on.runs,
        delivered: on.delivered,
      };
    } finally {
      await closeFleet(subscribed.fleet);
    }
  } finally {
    await sandbox.stop();
  }
}

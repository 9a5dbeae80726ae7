import type { BenchContext } from '../../suite';
import { startDirectPoster } from './direct-poster-process';
import { measureSize } from './measure-size';
import { readNotifyConcurrency } from './notify-concurrency';
import type { FanoutResult, FanoutSize } from './result';

/** The sandbox's default, which the real path runs with (Lambda's poll interval). */
const STREAM_POLL_MS = 250;

export async function runFanout(context: BenchContext): Promise<FanoutResult> {
  const sandbox = await context.startSandbox();
  const poster = startDirectPoster();
  const sizes: FanoutSize[] = [];
  try {
    for (const subscribers of context.options.fanout) {
      const size = await measureSize(context, sandbox, poster, subscribers);
      sizes.push(size);
      context.progress.note(
        `fanout: N = ${subscribers} measured (${size.notifier.length} changes through the notifier)`,
      );
    }
  } finally {
    await poster.stop();
    await sandbox.stop();
  }
  return {
    sizes,
    notifyConcurrency: readNotifyConcurrency(context.projectDir),
    streamPollMs: STREAM_POLL_MS,
    runs: context.options.runs,
  };
}

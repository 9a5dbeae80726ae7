import { watchCheck } from '../../client';
import type { CheckCloudEvent, WatchOptions } from '../../client/types';
import type { Pane } from './pane';

/**
 * Follows one check with the client into a pane, until its final event, an error, or the
 * signal (a newer check) stops it. The pane's counters are the client's own statistics.
 */
export async function watchIntoPane(
  pane: Pane,
  checkId: string,
  options: WatchOptions,
  signal: AbortSignal,
): Promise<void> {
  pane.start(options.transports?.length === 1 ? options.transports[0] : undefined);
  const watch = watchCheck(checkId, {
    ...options,
    signal,
    onStats: (stats) => {
      if (!signal.aborted) pane.setStats(stats);
    },
    onTransportChange: (change) => {
      if (!signal.aborted) pane.transportChanged(change);
    },
  });
  let last: CheckCloudEvent | undefined;
  try {
    for await (const event of watch) {
      if (signal.aborted) return;
      last = event;
      const { latenciesMs } = watch.stats();
      pane.addEvent(event, latenciesMs[latenciesMs.length - 1]);
    }
    if (signal.aborted) return;
    pane.setStats(watch.stats());
    pane.finish(last);
  } catch (error) {
    if (!signal.aborted) pane.fail(error instanceof Error ? error.message : String(error));
  }
}

import { fullJitterDelay } from './backoff';
import { connectOnce, type Outcome } from './connection';
import { TransportFailure } from './errors';
import type { Transport } from './transport';
import type { CheckCloudEvent } from './types';
import type { WatchRun } from './watch-run';

function failureIn(outcome: Exclude<Outcome, { kind: 'finished' }>): TransportFailure {
  if (outcome.kind === 'failed') return outcome.failure;
  return new TransportFailure('ended before anything arrived', true);
}

/**
 * Follows the check on one transport: a connection that worked and ended is reopened at
 * once, a transient failure is retried with backoff up to `maxRetries` times in a row.
 * Returns why it gave up, or undefined when the watch ended.
 */
export async function* followTransport(
  run: WatchRun,
  transport: Transport,
): AsyncGenerator<CheckCloudEvent, string | undefined> {
  let failures = 0;
  for (;;) {
    const outcome = yield* connectOnce(run, transport);
    if (outcome.kind === 'finished' || run.stop.aborted) return undefined;
    if (outcome.worked) failures = 0;
    if (outcome.kind === 'ended' && outcome.worked) {
      run.stats.reconnect();
      continue;
    }
    const failure = failureIn(outcome);
    if (!failure.transient) return failure.message;
    if (failures >= run.maxRetries) return `${failure.message} (${failures + 1} attempts)`;
    await run.delay(fullJitterDelay(failures, run.backoff, run.random), run.stop);
    failures += 1;
    if (run.stop.aborted) return undefined;
    run.stats.reconnect();
  }
}

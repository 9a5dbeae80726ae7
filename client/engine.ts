import { sleep, type BackoffPolicy } from './backoff';
import { WatchError } from './errors';
import { EventOrder } from './event-order';
import { followTransport } from './follow-transport';
import { StatsRecorder } from './stats';
import type { Transport, TransportContext } from './transport';
import type { CheckCloudEvent, CheckWatch, TransportChange, WatchStats } from './types';
import type { WatchRun } from './watch-run';

export interface EngineConfig {
  readonly checkId: string;
  /** In order of preference. */
  readonly transports: readonly Transport[];
  readonly signal?: AbortSignal;
  readonly firstEventTimeoutMs: number;
  /** Transient failures in a row a transport may have before the engine falls back. */
  readonly maxRetries: number;
  readonly backoff: BackoffPolicy;
  /** The check's current state, read when a WebSocket skipped a version. */
  readonly refetch: (context: TransportContext) => Promise<CheckCloudEvent>;
  readonly random?: () => number;
  readonly delay?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  readonly onTransportChange?: (change: TransportChange) => void;
  readonly onStats?: (stats: WatchStats) => void;
}

/** Tries each transport in turn until one follows the check to its end, or every one has failed. */
async function* fallBackInTurn(
  run: WatchRun,
  config: EngineConfig,
  release: () => void,
): AsyncGenerator<CheckCloudEvent> {
  const reasons: string[] = [];
  let leftBecause: string | undefined;
  try {
    for (const transport of config.transports) {
      if (run.stop.aborted) return;
      const from = run.stats.transport;
      run.stats.use(transport.name);
      config.onTransportChange?.({
        from,
        to: transport.name,
        ...(leftBecause ? { reason: leftBecause } : {}),
      });
      leftBecause = yield* followTransport(run, transport);
      if (leftBecause === undefined) return;
      reasons.push(`${transport.name}: ${leftBecause}`);
    }
    if (run.stop.aborted) return;
    throw new WatchError(`Every transport failed to follow check ${config.checkId}: ${reasons.join('; ')}`, {
      reasons,
    });
  } finally {
    run.stats.use(undefined);
    release();
  }
}

/**
 * Runs transports in order of preference and turns what they deliver into one ordered,
 * duplicate-free iteration. A connection that ends is reopened; a transient failure is
 * retried with backoff up to `maxRetries` times in a row; any other failure, or one retry
 * too many, moves on to the next transport.
 */
export function startEngine(config: EngineConfig): CheckWatch {
  const stop = new AbortController();
  const cancel = () => stop.abort();
  if (config.signal?.aborted) cancel();
  config.signal?.addEventListener('abort', cancel, { once: true });
  const release = () => {
    cancel();
    config.signal?.removeEventListener('abort', cancel);
  };
  const stats = new StatsRecorder(config.now ?? Date.now, config.onStats);
  const run: WatchRun = {
    checkId: config.checkId,
    firstEventTimeoutMs: config.firstEventTimeoutMs,
    maxRetries: config.maxRetries,
    backoff: config.backoff,
    random: config.random ?? Math.random,
    delay: config.delay ?? sleep,
    stop: stop.signal,
    stats,
    order: new EventOrder(stats, config.refetch),
  };

  let iterator: AsyncGenerator<CheckCloudEvent> | undefined;
  return {
    get transport() {
      return stats.transport;
    },
    stats: () => stats.snapshot(),
    cancel,
    [Symbol.asyncIterator]() {
      iterator ??= fallBackInTurn(run, config, release);
      return iterator;
    },
  };
}

import { fullJitterDelay, sleep, type BackoffPolicy } from './backoff';
import { isFinal } from './cloud-event';
import { TransportFailure, WatchError } from './errors';
import { Inbox } from './inbox';
import { StatsRecorder } from './stats';
import type { Transport, TransportContext } from './transport';
import type { CheckCloudEvent, CheckWatch, TransportChange, TransportName, WatchStats } from './types';

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

type Item =
  | { readonly kind: 'event'; readonly event: CheckCloudEvent; readonly coalesced: boolean }
  | { readonly kind: 'end' }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'cancelled' };

/** How one connection or one transport ended. */
type Outcome =
  | { readonly kind: 'finished' }
  | { readonly kind: 'ended'; readonly worked: boolean }
  | { readonly kind: 'failed'; readonly failure: TransportFailure; readonly worked: boolean };

function failureOf(error: unknown): TransportFailure {
  if (error instanceof TransportFailure) return error;
  return new TransportFailure(error instanceof Error ? error.message : String(error), false);
}

/**
 * Runs transports in order of preference and turns what they deliver into one ordered,
 * duplicate-free iteration. A connection that ends is reopened; a transient failure is
 * retried with backoff up to `maxRetries` times in a row; any other failure, or one retry
 * too many, moves on to the next transport.
 */
export function startEngine(config: EngineConfig): CheckWatch {
  const { checkId, firstEventTimeoutMs, maxRetries } = config;
  const random = config.random ?? Math.random;
  const delay = config.delay ?? sleep;
  const stats = new StatsRecorder(config.now ?? Date.now, config.onStats);
  const stop = new AbortController();
  const cancel = () => stop.abort();
  if (config.signal?.aborted) cancel();
  config.signal?.addEventListener('abort', cancel, { once: true });
  let last: number | undefined;

  /** Delivers `event` unless the watch has it; returns true after the final event. */
  async function* accept(
    event: CheckCloudEvent,
    coalesced: boolean,
    name: TransportName,
    context: TransportContext,
  ): AsyncGenerator<CheckCloudEvent, boolean> {
    const version = event.data.version;
    if (last !== undefined && version <= last) {
      stats.duplicate();
      return false;
    }
    if (!coalesced && last !== undefined && version > last + 1) {
      // A push channel skipped a version: its message was lost, so ask for the current state.
      stats.gap();
      const current = await config.refetch(context);
      if (current.data.version > last && current.data.version < version) {
        if (yield* accept(current, true, name, context)) return true;
      }
    }
    last = version;
    stats.event(name, event);
    yield event;
    return isFinal(event);
  }

  async function* connectOnce(transport: Transport): AsyncGenerator<CheckCloudEvent, Outcome> {
    const connection = new AbortController();
    const inbox = new Inbox<Item>();
    const onStop = () => inbox.push({ kind: 'cancelled' });
    stop.signal.addEventListener('abort', onStop);
    let worked = false;
    let queued = last;
    const timer = transport.streams
      ? setTimeout(() => {
          const failure = new TransportFailure(
            `nothing arrived within ${firstEventTimeoutMs} ms of opening (a proxy may buffer the stream)`,
            false,
          );
          inbox.push({ kind: 'failed', error: failure });
        }, firstEventTimeoutMs)
      : undefined;
    const context: TransportContext = {
      checkId,
      signal: connection.signal,
      lastVersion: () => queued,
      deliver: (event, coalesced) => {
        if (connection.signal.aborted) return;
        queued = Math.max(queued ?? 0, event.data.version);
        inbox.push({ kind: 'event', event, coalesced });
      },
      sent: () => stats.request(transport.name),
      received: (bytes) => {
        worked = true;
        clearTimeout(timer);
        stats.bytes(transport.name, bytes);
      },
    };
    transport.connect(context).then(
      () => inbox.push({ kind: 'end' }),
      (error: unknown) => inbox.push({ kind: 'failed', error }),
    );
    try {
      for (;;) {
        const item = await inbox.next();
        switch (item.kind) {
          case 'cancelled':
            return { kind: 'finished' };
          case 'end':
            return { kind: 'ended', worked };
          case 'failed':
            if (item.error instanceof WatchError) throw item.error;
            return { kind: 'failed', failure: failureOf(item.error), worked };
          case 'event':
            try {
              if (yield* accept(item.event, item.coalesced, transport.name, context))
                return { kind: 'finished' };
            } catch (error) {
              if (error instanceof WatchError) throw error;
              return { kind: 'failed', failure: failureOf(error), worked };
            }
        }
      }
    } finally {
      clearTimeout(timer);
      stop.signal.removeEventListener('abort', onStop);
      connection.abort();
    }
  }

  /** Follows the check on one transport; returns why it gave up, or undefined when the watch ended. */
  async function* follow(transport: Transport): AsyncGenerator<CheckCloudEvent, string | undefined> {
    let failures = 0;
    for (;;) {
      const outcome = yield* connectOnce(transport);
      if (outcome.kind === 'finished' || stop.signal.aborted) return undefined;
      if (outcome.worked) failures = 0;
      if (outcome.kind === 'ended' && outcome.worked) {
        stats.reconnect();
        continue;
      }
      const failure =
        outcome.kind === 'failed'
          ? outcome.failure
          : new TransportFailure('ended before anything arrived', true);
      if (!failure.transient) return failure.message;
      if (failures >= maxRetries) return `${failure.message} (${failures + 1} attempts)`;
      await delay(fullJitterDelay(failures, config.backoff, random), stop.signal);
      failures += 1;
      if (stop.signal.aborted) return undefined;
      stats.reconnect();
    }
  }

  async function* run(): AsyncGenerator<CheckCloudEvent> {
    const reasons: string[] = [];
    let leftBecause: string | undefined;
    try {
      for (const transport of config.transports) {
        if (stop.signal.aborted) return;
        const from = stats.transport;
        stats.use(transport.name);
        config.onTransportChange?.({
          from,
          to: transport.name,
          ...(leftBecause ? { reason: leftBecause } : {}),
        });
        leftBecause = yield* follow(transport);
        if (leftBecause === undefined) return;
        reasons.push(`${transport.name}: ${leftBecause}`);
      }
      if (stop.signal.aborted) return;
      throw new WatchError(`Every transport failed to follow check ${checkId}: ${reasons.join('; ')}`, {
        reasons,
      });
    } finally {
      stats.use(undefined);
      cancel();
      config.signal?.removeEventListener('abort', cancel);
    }
  }

  let iterator: AsyncGenerator<CheckCloudEvent> | undefined;
  return {
    get transport() {
      return stats.transport;
    },
    stats: () => stats.snapshot(),
    cancel,
    [Symbol.asyncIterator]() {
      iterator ??= run();
      return iterator;
    },
  };
}

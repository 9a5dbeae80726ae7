import { startEngine, type EngineConfig } from '../../../client/engine';
import { TransportFailure, WatchError } from '../../../client/errors';
import type { Transport, TransportContext } from '../../../client/transport';
import type { CheckCloudEvent, TransportChange, TransportName } from '../../../client/types';
import { CHECK_ID, eventOf } from './fixtures';

type Attempt = (context: TransportContext) => Promise<void>;

/** A transport that plays one scripted attempt per connect and records where each resumed. */
function fakeTransport(name: TransportName, attempts: Attempt[], streams = false) {
  const resumedAt: (number | undefined)[] = [];
  const signals: AbortSignal[] = [];
  const transport: Transport = {
    name,
    streams,
    connect(context) {
      resumedAt.push(context.lastVersion());
      signals.push(context.signal);
      const attempt = attempts.shift();
      if (attempt === undefined) return Promise.reject(new Error(`${name}: no attempt left`));
      return attempt(context);
    },
  };
  return { transport, resumedAt, signals };
}

/** Delivers events (each counted as received) and ends normally. */
function delivering(events: readonly CheckCloudEvent[], coalesced = true): Attempt {
  return async (context) => {
    for (const event of events) {
      context.received(100);
      context.deliver(event, coalesced);
    }
  };
}

function failing(message: string, transient: boolean, events: readonly CheckCloudEvent[] = []): Attempt {
  return async (context) => {
    await delivering(events)(context);
    throw new TransportFailure(message, transient);
  };
}

/** Never delivers nor ends until the engine aborts it. */
const silent: Attempt = (context) =>
  new Promise((resolve) => context.signal.addEventListener('abort', () => resolve(), { once: true }));

function engine(transports: Transport[], overrides: Partial<EngineConfig> = {}) {
  const delays: number[] = [];
  const changes: TransportChange[] = [];
  const watch = startEngine({
    checkId: CHECK_ID,
    transports,
    firstEventTimeoutMs: 20,
    maxRetries: 2,
    backoff: { baseDelayMs: 100, maxDelayMs: 1000 },
    refetch: () => Promise.reject(new Error('unexpected refetch')),
    random: () => 0.5,
    delay: async (ms) => {
      delays.push(ms);
    },
    onTransportChange: (change) => changes.push(change),
    ...overrides,
  });
  return { watch, delays, changes };
}

async function versionsOf(iterable: AsyncIterable<CheckCloudEvent>): Promise<number[]> {
  const versions: number[] = [];
  for await (const event of iterable) versions.push(event.data.version);
  return versions;
}

describe('client engine', () => {
  it('yields versions in order, drops duplicates and ends after the final event', async () => {
    const sse = fakeTransport('sse', [
      delivering([eventOf(1), eventOf(2), eventOf(2), eventOf(1), eventOf(4, 'done'), eventOf(5, 'done')]),
    ]);
    const { watch } = engine([sse.transport]);
    expect(await versionsOf(watch)).toEqual([1, 2, 4]);
    const stats = watch.stats();
    expect(stats).toMatchObject({ events: 3, duplicatesDropped: 2, gapsRefetched: 0, fallbacks: 0 });
    expect(stats.perTransport.sse).toEqual({ requests: 0, bytes: 600, events: 3 });
    expect(sse.signals[0]?.aborted).toBe(true);
  });

  it('refetches the check when a push channel skips a version, and only then', async () => {
    const refetched: number[] = [];
    const ws = fakeTransport('websocket', [
      delivering([eventOf(1), eventOf(2), eventOf(4), eventOf(5, 'done')], false),
    ]);
    const { watch } = engine([ws.transport], {
      refetch: async () => {
        refetched.push(1);
        return eventOf(3);
      },
    });
    expect(await versionsOf(watch)).toEqual([1, 2, 3, 4, 5]);
    expect(watch.stats().gapsRefetched).toBe(1);
    expect(refetched).toHaveLength(1);
  });

  it('reconnects a stream that ended and resumes after the last version', async () => {
    const sse = fakeTransport('sse', [
      delivering([eventOf(1), eventOf(2)]),
      delivering([eventOf(3, 'done')]),
    ]);
    const { watch } = engine([sse.transport]);
    expect(await versionsOf(watch)).toEqual([1, 2, 3]);
    expect(sse.resumedAt).toEqual([undefined, 2]);
    expect(watch.stats().reconnects).toBe(1);
  });

  it('falls back at once on a failure that is not transient, resuming where the first left off', async () => {
    const ws = fakeTransport('websocket', [
      failing('upgrade refused (403)', false, [eventOf(1), eventOf(2)]),
    ]);
    const sse = fakeTransport('sse', [delivering([eventOf(2), eventOf(3, 'done')])]);
    const { watch, changes, delays } = engine([ws.transport, sse.transport]);
    expect(await versionsOf(watch)).toEqual([1, 2, 3]);
    expect(sse.resumedAt).toEqual([2]);
    expect(delays).toEqual([]);
    expect(changes).toEqual([
      { from: undefined, to: 'websocket' },
      { from: 'websocket', to: 'sse', reason: 'upgrade refused (403)' },
    ]);
    expect(watch.stats()).toMatchObject({ fallbacks: 1, duplicatesDropped: 1 });
    expect(watch.stats().perTransport.websocket.events).toBe(2);
    expect(watch.stats().perTransport.sse.events).toBe(1);
  });

  it('falls back when a stream delivers nothing within firstEventTimeoutMs (a buffering proxy)', async () => {
    const sse = fakeTransport('sse', [silent], true);
    const poll = fakeTransport('long-poll', [delivering([eventOf(1, 'done')])]);
    const { watch, changes } = engine([sse.transport, poll.transport]);
    expect(await versionsOf(watch)).toEqual([1]);
    expect(changes[1]?.reason).toMatch(/nothing arrived within 20 ms/);
    expect(sse.signals[0]?.aborted).toBe(true);
  });

  it('retries transient failures with full-jitter backoff, then falls back', async () => {
    const sse = fakeTransport('sse', [
      failing('503', true, [eventOf(1)]),
      failing('503', true),
      failing('network', true),
    ]);
    const poll = fakeTransport('poll', [delivering([eventOf(2, 'done')])]);
    const { watch, delays, changes } = engine([sse.transport, poll.transport], {
      random: () => 0.75,
    });
    expect(await versionsOf(watch)).toEqual([1, 2]);
    // 0.75 × min(1000, 100 × 2^attempt), for the first and second retry; the third failure falls back.
    expect(delays).toEqual([75, 150]);
    expect(changes[1]?.reason).toBe('network (3 attempts)');
    expect(sse.resumedAt).toEqual([undefined, 1, 1]);
  });

  it('resets the retry count after a connection that worked', async () => {
    const sse = fakeTransport('sse', [
      failing('503', true),
      failing('503', true),
      failing('reset', true, [eventOf(1)]),
      failing('503', true),
      delivering([eventOf(2, 'done')]),
    ]);
    const { watch, delays } = engine([sse.transport]);
    expect(await versionsOf(watch)).toEqual([1, 2]);
    expect(delays).toEqual([50, 100, 50, 100]);
    expect(watch.stats().reconnects).toBe(4);
  });

  it('throws an error naming every transport when all fail', async () => {
    const ws = fakeTransport('websocket', [failing('upgrade refused (403)', false)]);
    const sse = fakeTransport('sse', [failing('not an event stream', false)]);
    const { watch } = engine([ws.transport, sse.transport]);
    const error = await versionsOf(watch).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WatchError);
    expect((error as WatchError).reasons).toEqual([
      'websocket: upgrade refused (403)',
      'sse: not an event stream',
    ]);
    expect(watch.transport).toBeUndefined();
  });

  it('throws a refusal (401, 403, 404) at once instead of falling back', async () => {
    const sse = fakeTransport('sse', [
      () => Promise.reject(new WatchError('GET answered 404', { status: 404 })),
    ]);
    const poll = fakeTransport('poll', []);
    const { watch } = engine([sse.transport, poll.transport]);
    await expect(versionsOf(watch)).rejects.toMatchObject({ status: 404 });
    expect(poll.resumedAt).toEqual([]);
  });

  it('ends cleanly on cancel() and closes the connection', async () => {
    const sse = fakeTransport('sse', [
      async (context) => {
        context.received(1);
        context.deliver(eventOf(1), true);
        await silent(context);
      },
    ]);
    const { watch } = engine([sse.transport]);
    const versions: number[] = [];
    for await (const event of watch) {
      versions.push(event.data.version);
      expect(watch.transport).toBe('sse');
      watch.cancel();
    }
    expect(versions).toEqual([1]);
    expect(sse.signals[0]?.aborted).toBe(true);
    expect(watch.transport).toBeUndefined();
  });

  it('ends cleanly when options.signal aborts while it waits', async () => {
    const controller = new AbortController();
    const sse = fakeTransport('sse', [silent]);
    const { watch } = engine([sse.transport], { signal: controller.signal });
    const done = versionsOf(watch);
    setTimeout(() => controller.abort(), 5);
    expect(await done).toEqual([]);
    expect(sse.signals[0]?.aborted).toBe(true);
  });

  it('counts requests, bytes and latency per event', async () => {
    const event = eventOf(1, 'done');
    const now = Date.parse(event.time) + 250;
    const poll = fakeTransport('poll', [
      async (context) => {
        context.sent();
        context.sent();
        context.received(42);
        context.deliver(event, true);
      },
    ]);
    const seen: number[] = [];
    const { watch } = engine([poll.transport], {
      now: () => now,
      onStats: (stats) => seen.push(stats.events),
    });
    await versionsOf(watch);
    expect(watch.stats()).toMatchObject({
      transport: undefined,
      perTransport: { poll: { requests: 2, bytes: 42, events: 1 } },
      latenciesMs: [250],
    });
    expect(seen.at(-1)).toBe(1);
  });
});

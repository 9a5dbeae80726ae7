import WebSocket from 'ws';
import {
  watchCheck,
  WatchError,
  type CheckCloudEvent,
  type CheckWatch,
  type TransportChange,
  type TransportName,
  type WatchOptions,
} from '../../client';
import { startRestrictiveProxy, type RestrictiveProxy } from '../../demo/server/restrictive-proxy';
import { appSyncEventsOf, appSyncWebSocket } from './support/appsync-events';
import { e2eTarget } from './support/endpoints';
import { tenantSession, type TenantSession } from './support/suite';

/** The client library against the sandbox: each transport alone, then fallback through a restrictive proxy. */
describe('client: watchCheck', () => {
  let session: TenantSession;
  const proxies: RestrictiveProxy[] = [];

  beforeAll(async () => {
    session = await tenantSession('client');
  });

  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.stop()));
  });

  function optionsFor(overrides: Partial<WatchOptions> = {}): WatchOptions {
    const target = e2eTarget();
    return {
      restUrl: target.restUrl,
      wsUrl: target.wsUrl,
      token: session.token,
      WebSocket,
      longPollWaitSeconds: 5,
      pollIntervalMs: 200,
      ...overrides,
    };
  }

  async function proxy(blockWebSocket: boolean, bufferEventStreams: boolean) {
    const target = e2eTarget();
    const started = await startRestrictiveProxy({
      restUrl: target.restUrl,
      wsUrl: target.wsUrl,
      blockWebSocket,
      bufferEventStreams,
    });
    proxies.push(started);
    return started;
  }

  async function collect(watch: CheckWatch): Promise<CheckCloudEvent[]> {
    const events: CheckCloudEvent[] = [];
    for await (const event of watch) events.push(event);
    return events;
  }

  function expectFollowedToEnd(
    events: readonly CheckCloudEvent[],
    final: CheckCloudEvent['type'],
    version: number,
  ) {
    const versions = events.map((event) => event.data.version);
    for (let index = 1; index < versions.length; index += 1) {
      expect(versions[index]).toBeGreaterThan(versions[index - 1] as number);
    }
    expect(events.at(-1)).toMatchObject({ type: final, data: { version } });
    expect(events.slice(0, -1).every((event) => event.data.status === 'processing')).toBe(true);
  }

  describe.each<TransportName>(['websocket', 'connect', 'sse', 'long-poll', 'poll'])(
    '%s alone',
    (transport) => {
      it('follows a check to done', async () => {
        const check = await session.api.createCheck({ target: `client-${transport}`, steps: 3, stepMs: 300 });
        // A cold function on a loaded machine may take longer than the default 5 s to answer.
        const watch = watchCheck(
          check.id,
          optionsFor({ transports: [transport], firstEventTimeoutMs: 20_000 }),
        );
        const events = await collect(watch);
        expectFollowedToEnd(events, 'check.done', 4);
        const stats = watch.stats();
        expect(stats.perTransport[transport]).toMatchObject({ events: events.length });
        expect(stats.perTransport[transport].requests).toBeGreaterThan(0);
        expect(stats.perTransport[transport].bytes).toBeGreaterThan(0);
        expect(stats.latenciesMs).toHaveLength(events.length);
        expect(stats.fallbacks).toBe(0);
        expect(watch.transport).toBeUndefined();
      });

      it('follows a check to failed', async () => {
        const check = await session.api.createCheck({
          target: `client-${transport}-fails`,
          steps: 4,
          stepMs: 200,
          failAtStep: 2,
        });
        const events = await collect(
          watchCheck(check.id, optionsFor({ transports: [transport], firstEventTimeoutMs: 20_000 })),
        );
        const final = await session.api.followToEnd(check.id);
        expectFollowedToEnd(events, 'check.failed', final.version);
      });
    },
  );

  it("refuses another tenant's check on Connect with a WatchError, as on REST", async () => {
    const other = await tenantSession('client-other');
    const check = await other.api.createCheck({ target: 'client-connect-other', steps: 1, stepMs: 0 });
    const error = await collect(watchCheck(check.id, optionsFor({ transports: ['connect'] }))).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(WatchError);
    expect((error as WatchError).status).toBe(404);
  });

  describe('appsync-events alone', () => {
    const appSyncOptions = (overrides: Partial<WatchOptions> = {}) =>
      optionsFor({
        appSyncEvents: appSyncEventsOf(),
        WebSocket: appSyncWebSocket(),
        transports: ['appsync-events'],
        ...overrides,
      });

    it('follows a check to done: the read after subscribing, then every version published', async () => {
      const check = await session.api.createCheck({ target: 'client-appsync', steps: 4, stepMs: 400 });
      const watch = watchCheck(check.id, appSyncOptions());
      const events = await collect(watch);
      expectFollowedToEnd(events, 'check.done', 5);
      // After the read, AppSync pushes each version as its own event: none skipped.
      const versions = events.map((event) => event.data.version);
      expect(versions).toEqual(versions.map((_, index) => versions[0] + index));
      const stats = watch.stats();
      expect(stats.perTransport['appsync-events'].events).toBe(events.length);
      expect(stats.gapsRefetched).toBe(0);
      expect(stats.fallbacks).toBe(0);
    });

    it('follows a check to failed', async () => {
      const check = await session.api.createCheck({
        target: 'client-appsync-fails',
        steps: 4,
        stepMs: 200,
        failAtStep: 2,
      });
      const events = await collect(watchCheck(check.id, appSyncOptions()));
      const final = await session.api.followToEnd(check.id);
      expectFollowedToEnd(events, 'check.failed', final.version);
    });

    it('throws a 404 for a check of another tenant, which its own channel never carries', async () => {
      const other = await tenantSession('client-appsync-other');
      const check = await other.api.createCheck({ target: 'client-appsync-theirs', steps: 2, stepMs: 200 });
      await expect(collect(watchCheck(check.id, appSyncOptions()))).rejects.toMatchObject({
        name: 'WatchError',
        status: 404,
      });
    });

    it('gives up on a token the authorizer refuses, saying AppSync refused it', async () => {
      const check = await session.api.createCheck({
        target: 'client-appsync-bad-token',
        steps: 1,
        stepMs: 0,
      });
      const forged = `${session.token.split('.').slice(0, 2).join('.')}.c2lnbmF0dXJl`;
      await expect(collect(watchCheck(check.id, appSyncOptions({ token: forged })))).rejects.toMatchObject({
        name: 'WatchError',
        reasons: [expect.stringMatching(/^appsync-events: (connection refused|upgrade refused)/)],
      });
    });
  });

  it('carries a WebSocket through a proxy that lets it pass', async () => {
    const open = await proxy(false, false);
    const check = await session.api.createCheck({ target: 'client-ws-proxied', steps: 2, stepMs: 300 });
    const watch = watchCheck(check.id, optionsFor({ restUrl: open.restUrl, wsUrl: open.wsUrl }));
    expectFollowedToEnd(await collect(watch), 'check.done', 3);
    expect(watch.stats().perTransport.websocket.events).toBeGreaterThan(0);
  });

  it('falls back to SSE when the proxy refuses WebSocket upgrades', async () => {
    const blocking = await proxy(true, false);
    const check = await session.api.createCheck({ target: 'client-no-ws', steps: 3, stepMs: 300 });
    const changes: TransportChange[] = [];
    const watch = watchCheck(
      check.id,
      optionsFor({
        restUrl: blocking.restUrl,
        wsUrl: blocking.wsUrl,
        onTransportChange: (change) => changes.push(change),
      }),
    );
    expectFollowedToEnd(await collect(watch), 'check.done', 4);
    expect(changes).toEqual([
      { from: undefined, to: 'websocket' },
      { from: 'websocket', to: 'sse', reason: 'upgrade refused (403)' },
    ]);
    const stats = watch.stats();
    expect(stats.perTransport.websocket.events).toBe(0);
    expect(stats.perTransport.sse.events).toBeGreaterThan(0);
    expect(stats.fallbacks).toBe(1);
  });

  it('falls back to long polling when WebSocket is blocked and event streams are buffered', async () => {
    const buffering = await proxy(true, true);
    // Long enough that the buffered stream is still open when the client gives up on it.
    const check = await session.api.createCheck({ target: 'client-buffered', steps: 6, stepMs: 500 });
    const changes: TransportChange[] = [];
    const watch = watchCheck(
      check.id,
      optionsFor({
        restUrl: buffering.restUrl,
        wsUrl: buffering.wsUrl,
        firstEventTimeoutMs: 1000,
        onTransportChange: (change) => changes.push(change),
      }),
    );
    expectFollowedToEnd(await collect(watch), 'check.done', 7);
    expect(changes.map((change) => change.to)).toEqual(['websocket', 'sse', 'long-poll']);
    expect(changes[2]?.reason).toMatch(/nothing arrived within 1000 ms/);
    const stats = watch.stats();
    expect(stats.perTransport.sse.events).toBe(0);
    expect(stats.perTransport['long-poll'].events).toBeGreaterThan(0);
  });

  it('ends cleanly when cancelled, and when its signal aborts', async () => {
    const check = await session.api.createCheck({ target: 'client-cancel', steps: 20, stepMs: 1000 });
    const watch = watchCheck(check.id, optionsFor());
    const seen: CheckCloudEvent[] = [];
    for await (const event of watch) {
      seen.push(event);
      watch.cancel();
    }
    expect(seen).toHaveLength(1);
    expect(watch.transport).toBeUndefined();

    const controller = new AbortController();
    const aborted = watchCheck(check.id, optionsFor({ transports: ['sse'], signal: controller.signal }));
    const afterAbort: CheckCloudEvent[] = [];
    for await (const event of aborted) {
      afterAbort.push(event);
      controller.abort();
    }
    expect(afterAbort).toHaveLength(1);
  });

  it('throws a WatchError with the status for a check it cannot see', async () => {
    const watch = watchCheck(
      '00000000-0000-4000-8000-000000000000',
      optionsFor({ transports: ['sse', 'poll'] }),
    );
    await expect(collect(watch)).rejects.toMatchObject({ name: 'WatchError', status: 404 });
    await expect(
      collect(watchCheck('x', optionsFor({ transports: ['poll'], token: 'bad' }))),
    ).rejects.toBeInstanceOf(WatchError);
  });
});

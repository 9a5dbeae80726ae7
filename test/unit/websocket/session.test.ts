import type { StoredCheck } from '../../../lambda/checks/check';
import { newConnection, type ConnectionSubscription } from '../../../lambda/websocket/connections';
import { answer, type SessionDeps } from '../../../lambda/websocket/session';
import { InMemoryConnectionStore } from './in-memory-connection-store';
import { CHECK_ID, CREATED_AT, storedCheck, TENANT } from '../support/checks';
import { InMemoryCheckStore } from '../support/in-memory-check-store';

const CONNECTION = newConnection('conn-1', TENANT, new Date('2025-01-01T00:00:00.000Z'));

function setUp(...checks: StoredCheck[]): SessionDeps & {
  connections: InMemoryConnectionStore;
  checks: InMemoryCheckStore;
} {
  const connections = new InMemoryConnectionStore();
  connections.connections.set(CONNECTION.connectionId, CONNECTION);
  return { connections, checks: new InMemoryCheckStore(...checks) };
}

const subscribe = (checkId = CHECK_ID) => JSON.stringify({ action: 'subscribe', checkId });

describe('answer', () => {
  it('answers ping with pong, even before knowing the connection', async () => {
    await expect(answer(setUp(), 'unknown', '{"action":"ping"}')).resolves.toEqual({ type: 'pong' });
  });

  it('subscribes and replies with the public check', async () => {
    const deps = setUp(storedCheck());

    const reply = await answer(deps, 'conn-1', subscribe());

    expect(reply).toEqual({
      type: 'subscribed',
      checkId: CHECK_ID,
      check: {
        id: CHECK_ID,
        status: 'processing',
        progress: 0,
        version: 1,
        target: 'example.com',
        createdAt: CREATED_AT.toISOString(),
        updatedAt: CREATED_AT.toISOString(),
      },
    });
    expect(deps.connections.subscriptions.get(CHECK_ID)?.get('conn-1')).toEqual<ConnectionSubscription>({
      connectionId: 'conn-1',
      checkId: CHECK_ID,
      tenant: TENANT,
      expiresAt: CONNECTION.expiresAt,
    });
  });

  it('writes the subscription before it reads the snapshot it replies with', async () => {
    const deps = setUp(storedCheck());
    const log: string[] = [];
    const get = deps.checks.get.bind(deps.checks);
    deps.checks.get = async (tenant, id) => {
      log.push('read check');
      return get(tenant, id);
    };
    const add = deps.connections.subscribe.bind(deps.connections);
    deps.connections.subscribe = async (subscription) => {
      log.push('subscribe');
      await add(subscription);
      // A change lands right after the subscription: the reply must already show it.
      const current = deps.checks.checks.get(CHECK_ID)!;
      deps.checks.checks.set(CHECK_ID, { ...current, version: 2, progress: 20 });
    };

    const reply = await answer(deps, 'conn-1', subscribe());

    expect(log).toEqual(['read check', 'subscribe', 'read check']);
    expect(reply).toMatchObject({ type: 'subscribed', check: { version: 2, progress: 20 } });
  });

  it("refuses another tenant's check as NOT_FOUND and subscribes nothing", async () => {
    const deps = setUp(storedCheck({ tenant: 'other' }));

    const reply = await answer(deps, 'conn-1', subscribe());

    expect(reply).toEqual({ type: 'error', code: 'NOT_FOUND', message: `Check ${CHECK_ID} not found` });
    expect(deps.connections.subscribedConnections(CHECK_ID)).toEqual([]);
  });

  it('refuses an unknown check as NOT_FOUND', async () => {
    await expect(answer(setUp(), 'conn-1', subscribe())).resolves.toMatchObject({
      type: 'error',
      code: 'NOT_FOUND',
    });
  });

  it('answers NOT_FOUND when the check expires between subscription and snapshot', async () => {
    const deps = setUp(storedCheck());
    const add = deps.connections.subscribe.bind(deps.connections);
    deps.connections.subscribe = async (subscription) => {
      await add(subscription);
      deps.checks.checks.delete(CHECK_ID);
    };

    await expect(answer(deps, 'conn-1', subscribe())).resolves.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['subscribe', subscribe()],
    ['unsubscribe', JSON.stringify({ action: 'unsubscribe', checkId: CHECK_ID })],
  ])('answers %s on an unknown connection with UNAUTHORIZED', async (_, body) => {
    const deps = setUp(storedCheck());

    const reply = await answer(deps, 'stranger', body);

    expect(reply).toEqual({
      type: 'error',
      code: 'UNAUTHORIZED',
      message: 'This connection is not registered; reconnect',
    });
    expect(deps.connections.subscribedConnections(CHECK_ID)).toEqual([]);
  });

  it('unsubscribes', async () => {
    const deps = setUp(storedCheck());
    await answer(deps, 'conn-1', subscribe());

    const reply = await answer(deps, 'conn-1', JSON.stringify({ action: 'unsubscribe', checkId: CHECK_ID }));

    expect(reply).toEqual({ type: 'unsubscribed', checkId: CHECK_ID });
    expect(deps.connections.subscribedConnections(CHECK_ID)).toEqual([]);
  });

  it.each([
    ['INVALID_JSON', 'not json'],
    ['UNKNOWN_ACTION', '{"action":"shout"}'],
    ['VALIDATION_ERROR', '{"action":"subscribe","checkId":"nope"}'],
  ])('answers a bad message with %s instead of throwing', async (code, body) => {
    await expect(answer(setUp(), 'conn-1', body)).resolves.toMatchObject({ type: 'error', code });
  });

  it('lets an unexpected failure through for the caller to log', async () => {
    const deps = setUp(storedCheck());
    deps.connections.subscribe = async () => {
      throw new Error('table unavailable');
    };

    await expect(answer(deps, 'conn-1', subscribe())).rejects.toThrow('table unavailable');
  });
});

import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { issueToken } from '../../lambda/auth/tokens';
import { expectCheck, expectCloudEvent, expectEveryVersion } from './support/contract';
import { e2eTarget } from './support/endpoints';
import { tenantSession, type TenantSession } from './support/suite';
import { refusedUpgradeStatus, WsClient, type ConnectOptions, type Reply } from './support/ws-client';

describe('WebSocket', () => {
  const { wsUrl } = e2eTarget();
  let session: TenantSession;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    session = await tenantSession('ws');
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  async function connect(options: ConnectOptions = {}): Promise<WsClient> {
    const client = await WsClient.connect(wsUrl, { token: session.token, ...options });
    clients.push(client);
    return client;
  }

  async function subscribe(
    client: WsClient,
    checkId: string,
  ): Promise<Extract<Reply, { type: 'subscribed' }>> {
    const reply = await client.request({ action: 'subscribe', checkId });
    expect(reply).toEqual({ type: 'subscribed', checkId, check: expect.objectContaining({ id: checkId }) });
    expectCheck((reply as { check: unknown }).check, { id: checkId });
    return reply as Extract<Reply, { type: 'subscribed' }>;
  }

  it('subscribe answers the current check, then pushes a CloudEvent per change until done', async () => {
    const created = await session.api.createCheck({ target: 'ws.example', steps: 3, stepMs: 300 });
    const client = await connect();

    const subscribed = await subscribe(client, created.id);
    const done = await client.nextEvent(created.id, (event) => event.type === 'check.done', 'check.done');

    expect(done.data).toEqual(expect.objectContaining({ status: 'done', version: 4, progress: 100 }));
    const events = client.eventsOf(created.id).map((event) => expectCloudEvent(event, created.id));
    expectEveryVersion(
      events.map((event) => event.data.version),
      subscribed.check.version + 1,
      4,
    );
  });

  it('pushes a failing check until check.failed', async () => {
    const created = await session.api.createCheck({
      target: 'ws-failed.example',
      steps: 3,
      stepMs: 300,
      failAtStep: 2,
    });
    const client = await connect();

    const subscribed = await subscribe(client, created.id);
    const failed = await client.nextEvent(
      created.id,
      (event) => event.type === 'check.failed',
      'check.failed',
    );

    expectCloudEvent(failed, created.id);
    expect(failed.data).toEqual(
      expect.objectContaining({
        status: 'failed',
        version: 3,
        result: expect.objectContaining({ failedAtStep: 2 }),
      }),
    );
    expectEveryVersion(
      client.eventsOf(created.id).map((event) => event.data.version),
      subscribed.check.version + 1,
      3,
    );
  });

  it('unsubscribe answers unsubscribed, and no later change reaches that connection', async () => {
    const created = await session.api.createCheck({ target: 'ws-unsub.example', steps: 4, stepMs: 400 });
    const [leaving, staying] = await Promise.all([connect(), connect()]);
    await Promise.all([subscribe(leaving, created.id), subscribe(staying, created.id)]);

    expect(await leaving.request({ action: 'unsubscribe', checkId: created.id })).toEqual({
      type: 'unsubscribed',
      checkId: created.id,
    });
    // Changes up to this version may have been on their way before the unsubscribe.
    const atUnsubscribe = expectCheck((await session.api.getCheck(created.id)).json).version;
    await staying.nextEvent(created.id, (event) => event.type === 'check.done', 'check.done');
    // The notifier posts a change to every subscriber at once: the other one had its chance.
    await delay(500);

    expect(atUnsubscribe).toBeLessThan(5);
    expect(leaving.eventsOf(created.id).filter((event) => event.data.version > atUnsubscribe)).toEqual([]);
    expect(leaving.isOpen).toBe(true);
  });

  it('answers ping with pong', async () => {
    const client = await connect();

    expect(await client.request({ action: 'ping' })).toEqual({ type: 'pong' });
  });

  it('refuses the upgrade when the token is missing, malformed or signed with another secret', async () => {
    const foreign = await issueToken('a-secret-that-the-api-does-not-know-at-all', session.tenant);

    const statuses = await Promise.all([
      refusedUpgradeStatus(wsUrl),
      refusedUpgradeStatus(wsUrl, { token: 'not-a-token' }),
      refusedUpgradeStatus(wsUrl, { token: foreign }),
    ]);

    for (const status of statuses) expect([401, 403]).toContain(status);
  });

  it('answers a bad message with an error and keeps the connection usable', async () => {
    const client = await connect();
    const bad: [unknown, string][] = [
      ['this is not JSON', 'INVALID_JSON'],
      [{ action: 'dance' }, 'UNKNOWN_ACTION'],
      [{ checkId: randomUUID() }, 'UNKNOWN_ACTION'],
      [[1, 2], 'UNKNOWN_ACTION'],
      [{ action: 'subscribe' }, 'VALIDATION_ERROR'],
      [{ action: 'subscribe', checkId: 'not-a-check-id' }, 'VALIDATION_ERROR'],
      [{ action: 'unsubscribe' }, 'VALIDATION_ERROR'],
      [{ action: 'subscribe', checkId: randomUUID() }, 'NOT_FOUND'],
    ];

    for (const [message, code] of bad) {
      const frame = Array.isArray(message) ? JSON.stringify(message) : message;
      expect({ sent: frame, reply: await client.request(frame) }).toEqual({
        sent: frame,
        reply: { type: 'error', code, message: expect.any(String) },
      });
    }

    expect(client.isOpen).toBe(true);
    expect(await client.request({ action: 'ping' })).toEqual({ type: 'pong' });
  });
});

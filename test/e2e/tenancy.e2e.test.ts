import { setTimeout as delay } from 'node:timers/promises';
import { expectError } from './support/contract';
import { e2eTarget } from './support/endpoints';
import { readEventStream } from './support/event-stream';
import { tenantSession, type TenantSession } from './support/suite';
import { acceptedWebhookUrl, type AcceptedWebhookUrl } from './support/webhook-url';
import { WsClient } from './support/ws-client';

describe('tenancy: a tenant sees only its own checks and subscriptions', () => {
  const target = e2eTarget();
  let alice: TenantSession;
  let bob: TenantSession;
  const clients: WsClient[] = [];
  let webhook: AcceptedWebhookUrl | undefined;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([tenantSession('tenancy-a'), tenantSession('tenancy-b')]);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await webhook?.release();
  });

  async function connect(session: TenantSession): Promise<WsClient> {
    const client = await WsClient.connect(target.wsUrl, { token: session.token });
    clients.push(client);
    return client;
  }

  it("answers 404 for another tenant's check on GET, long polling and SSE", async () => {
    const check = await alice.api.createCheck({ target: 'private.example', steps: 1, stepMs: 200 });
    const eventsPath = `checks/${check.id}/events`;

    const [get, longPoll, sse, sseByQuery] = await Promise.all([
      bob.api.getCheck(check.id),
      bob.api.longPoll(check.id, 2, 0),
      readEventStream(bob.api.urlOf(eventsPath), { headers: { Authorization: `Bearer ${bob.token}` } }),
      readEventStream(bob.api.urlOf(eventsPath, { token: bob.token })),
    ]);

    expectError(get, 404, 'NOT_FOUND');
    expectError(longPoll, 404, 'NOT_FOUND');
    for (const stream of [sse, sseByQuery]) {
      expect({ status: stream.status, body: JSON.parse(stream.text ?? 'null') }).toEqual({
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: expect.any(String) } },
      });
    }
    expect((await alice.api.getCheck(check.id)).status).toBe(200);
  });

  it("refuses a WebSocket subscribe to another tenant's check, and never pushes its events there", async () => {
    const check = await alice.api.createCheck({ target: 'private-ws.example', steps: 3, stepMs: 300 });
    const [alicesClient, bobsClient] = await Promise.all([connect(alice), connect(bob)]);

    const refused = await bobsClient.request({ action: 'subscribe', checkId: check.id });
    expect(await alicesClient.request({ action: 'subscribe', checkId: check.id })).toEqual(
      expect.objectContaining({ type: 'subscribed', checkId: check.id }),
    );
    await alicesClient.nextEvent(check.id, (event) => event.type === 'check.done', 'check.done');
    await delay(500);

    expect(refused).toEqual({ type: 'error', code: 'NOT_FOUND', message: expect.any(String) });
    expect(bobsClient.received.filter((message) => JSON.stringify(message).includes(check.id))).toEqual([
      refused,
    ]);
  });

  it("answers 404 for another tenant's subscription on every subscription route", async () => {
    webhook = await acceptedWebhookUrl();
    const { url } = webhook;
    const created = await alice.api.request('POST', 'subscriptions', {
      body: { url, events: ['check.done'] },
    });
    expect(created.status).toBe(201);
    const { id } = created.json as { id: string };
    const ownCheck = await alice.api.createCheck({ target: 'hooked.example', steps: 1, stepMs: 0 });

    try {
      const answers = await Promise.all([
        bob.api.request('GET', `subscriptions/${id}`),
        bob.api.request('PUT', `subscriptions/${id}`, { body: { url, events: ['check.failed'] } }),
        bob.api.request('DELETE', `subscriptions/${id}`),
        bob.api.request('GET', `subscriptions/${id}/failures`),
        bob.api.request('POST', `subscriptions/${id}/replay`),
        bob.api.request('POST', 'subscriptions', {
          body: { url: `${url}-bob`, events: ['check.done'], checkId: ownCheck.id },
        }),
      ]);
      for (const answer of answers) expectError(answer, 404, 'NOT_FOUND');
      const bobsList = await bob.api.request('GET', 'subscriptions');
      expect(bobsList.json).toEqual({ items: [] });
      const alicesOwn = await alice.api.request('GET', `subscriptions/${id}`);
      expect(alicesOwn.json).toEqual(expect.objectContaining({ id, events: ['check.done'] }));
    } finally {
      expect((await alice.api.request('DELETE', `subscriptions/${id}`)).status).toBe(204);
    }
  });
});

import { WebSocket } from 'ws';
import { failed, ok } from './support/fake-invoker';
import { startHarness, type Harness } from './support/harness';
import { AUTHORIZER, CONNECT, DISCONNECT, MESSAGES, realtimeWebSocketApi } from './support/realtime-api';
import { closeOf, collectMessages, waitFor } from './support/wait';

type Event = Record<string, unknown> & { requestContext: Record<string, unknown> };

let harness: Harness;

afterEach(async () => {
  await harness.stop();
});

function eventsOf(fragment: string): Event[] {
  return harness.invoker.eventsOf(fragment) as Event[];
}

describe('$connect', () => {
  beforeEach(async () => {
    harness = await startHarness();
  });

  it('refuses a client without a token with 401, invoking nothing', async () => {
    expect(await harness.refusal('')).toBe(401);
    expect(await harness.refusal('?token=')).toBe(401);
    expect(harness.invoker.calls).toEqual([]);
  });

  it('refuses with 403 when the authorizer denies, without running $connect', async () => {
    expect(await harness.refusal('?token=deny')).toBe(403);
    expect(eventsOf(AUTHORIZER)).toHaveLength(1);
    expect(eventsOf(CONNECT)).toEqual([]);
  });

  it('refuses with 401 when the authorizer throws Unauthorized', async () => {
    expect(await harness.refusal('?token=forged')).toBe(401);
    expect(eventsOf(CONNECT)).toEqual([]);
  });

  it('gives the authorizer a REQUEST event for the $connect method', async () => {
    await harness.connect('tenant-a');
    const [event] = eventsOf(AUTHORIZER);
    expect(event).toMatchObject({
      type: 'REQUEST',
      methodArn: expect.stringMatching(
        /^arn:aws:execute-api:us-east-1:000000000000:[a-z0-9]{10}\/prod\/\$connect$/,
      ),
      queryStringParameters: { token: 'tenant-a' },
      stageVariables: {},
      requestContext: { routeKey: '$connect', eventType: 'CONNECT' },
    });
  });

  it('lets the client in once $connect succeeds, with the authorizer context in the event', async () => {
    await harness.connect('tenant-a');
    const [event] = eventsOf(CONNECT);
    const api = realtimeWebSocketApi();
    expect(event.queryStringParameters).toEqual({ token: 'tenant-a' });
    expect(event.headers).toMatchObject({ 'X-Forwarded-For': '127.0.0.1', 'X-Forwarded-Proto': 'http' });
    expect(event.headers).not.toHaveProperty('Upgrade');
    expect(event.requestContext).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      messageDirection: 'IN',
      stage: 'prod',
      apiId: api.apiId,
      domainName: `${api.apiId}.execute-api.us-east-1.amazonaws.com`,
      connectionId: expect.stringMatching(/^[A-Za-z0-9_-]{15}=$/),
      connectedAt: expect.any(Number),
      requestTimeEpoch: expect.any(Number),
      identity: { sourceIp: '127.0.0.1' },
      authorizer: {
        tenant: 'tenant-a',
        tier: '2',
        principalId: 'tenant-a',
        integrationLatency: expect.any(Number),
      },
    });
    expect(event.requestContext.requestId).toBe(event.requestContext.extendedRequestId);
  });

  it('refuses the upgrade with the status a non-2xx $connect answers, and 500 when it fails', async () => {
    harness.invoker.on(CONNECT, () => ok({ statusCode: 409 }));
    expect(await harness.refusal('?token=tenant-a')).toBe(409);
    harness.invoker.on(CONNECT, () => failed('table missing'));
    expect(await harness.refusal('?token=tenant-a')).toBe(500);
  });

  it('refuses a path that is not the stage with 403', async () => {
    const refused = await new Promise<number>((resolve) => {
      const client = new WebSocket(`${harness.server.url.replace('/prod', '/dev')}?token=tenant-a`);
      client.once('error', (error) => resolve(Number(/(\d{3})/.exec(error.message)?.[1])));
    });
    expect(refused).toBe(403);
    expect(harness.invoker.calls).toEqual([]);
  });

  it('confirms the subprotocol $connect answers in Sec-WebSocket-Protocol', async () => {
    harness.invoker.on(CONNECT, () =>
      ok({ statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'checks.v1' } }),
    );
    const client = await harness.connect('tenant-a', undefined, ['checks.v1', 'checks.v0']);
    expect(client.protocol).toBe('checks.v1');
  });
});

describe('messages', () => {
  beforeEach(async () => {
    harness = await startHarness();
  });

  it('routes by action, sends the route response back, and uses $default otherwise', async () => {
    const client = await harness.connect('tenant-a');
    const received = collectMessages(client);
    client.send('{"action":"ping"}');
    client.send('{"action":"dance"}');
    client.send('not json');
    await waitFor('three replies', () => (received.length === 3 ? received : undefined));
    expect(received.map((text) => JSON.parse(text) as unknown)).toEqual(
      expect.arrayContaining([
        { routeKey: 'ping', body: '{"action":"ping"}' },
        { routeKey: '$default', body: '{"action":"dance"}' },
        { routeKey: '$default', body: 'not json' },
      ]),
    );
    const [event] = eventsOf(MESSAGES);
    expect(event).not.toHaveProperty('headers');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext).toMatchObject({
      eventType: 'MESSAGE',
      messageId: expect.stringMatching(/^[A-Za-z0-9_-]{15}=$/),
      connectionId: harness.lastConnectionId(),
      authorizer: { tenant: 'tenant-a', tier: '2', principalId: 'tenant-a' },
    });
    expect(event.requestContext.authorizer).not.toHaveProperty('integrationLatency');
  });

  it('sends API Gateway error frame when the function fails, and keeps the connection', async () => {
    const client = await harness.connect('tenant-a');
    const received = collectMessages(client);
    harness.invoker.on(MESSAGES, () => failed('boom'));
    client.send('{"action":"ping"}');
    const [frame] = await waitFor('the error frame', () => (received.length === 1 ? received : undefined));
    expect(JSON.parse(frame)).toEqual({
      message: 'Internal server error',
      connectionId: harness.lastConnectionId(),
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{15}=$/),
    });
    expect(frame).toMatch(/^\{"message": "Internal server error", "connectionId":"/);
    harness.invoker.on(MESSAGES, () => ok({ statusCode: 200, body: 'still here' }));
    client.send('{"action":"ping"}');
    await waitFor('a second reply', () => (received[1] === 'still here' ? true : undefined));
  });

  it('answers Forbidden when no route matches and there is no $default', async () => {
    await harness.stop();
    const api = realtimeWebSocketApi();
    harness = await startHarness({
      api: { ...api, routes: api.routes.filter(({ routeKey }) => routeKey !== '$default') },
    });
    const client = await harness.connect('tenant-a');
    const received = collectMessages(client);
    client.send('{"action":"dance"}');
    const [frame] = await waitFor('the error frame', () => (received.length === 1 ? received : undefined));
    expect(JSON.parse(frame)).toMatchObject({
      message: 'Forbidden',
      connectionId: harness.lastConnectionId(),
    });
    expect(eventsOf(MESSAGES)).toEqual([]);
  });

  it('closes with 1003 on a binary frame', async () => {
    const client = await harness.connect('tenant-a');
    const closed = closeOf(client);
    client.send(Buffer.from([1, 2, 3]));
    expect(await closed).toMatchObject({ code: 1003 });
    expect(eventsOf(MESSAGES)).toEqual([]);
  });
});

describe('$disconnect', () => {
  beforeEach(async () => {
    harness = await startHarness();
  });

  it('runs after the client closes, with its code and the authorizer context', async () => {
    const client = await harness.connect('tenant-a');
    const connectionId = harness.lastConnectionId();
    client.close(1000);
    const [event] = await waitFor('$disconnect', () => {
      const events = eventsOf(DISCONNECT);
      return events.length > 0 ? events : undefined;
    });
    expect(event.headers).toEqual({
      Host: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      'x-api-key': '',
      'X-Forwarded-For': '',
      'x-restapi': '',
    });
    expect(event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      connectionId,
      disconnectStatusCode: 1000,
      disconnectReason: 'Connection Closed Normally',
      authorizer: { tenant: 'tenant-a', principalId: 'tenant-a' },
    });
  });

  it('reports 1005 for a close frame without a status', async () => {
    const client = await harness.connect('tenant-a');
    client.close();
    const [event] = await waitFor('$disconnect', () => {
      const events = eventsOf(DISCONNECT);
      return events.length > 0 ? events : undefined;
    });
    expect(event.requestContext).toMatchObject({
      disconnectStatusCode: 1005,
      disconnectReason: 'Client-side close frame status not set',
    });
  });

  it('does not hold the close back when $disconnect fails', async () => {
    harness.invoker.on(DISCONNECT, () => failed('table gone'));
    const client = await harness.connect('tenant-a');
    client.close(1000);
    await waitFor('the failure logged', () => harness.logs.find((line) => line.includes('table gone')));
  });
});

describe('limits', () => {
  it('closes an idle connection with 1001 Going away', async () => {
    harness = await startHarness({ limits: { idleTimeoutMs: 200 } });
    const client = await harness.connect('tenant-a');
    expect(await closeOf(client)).toEqual({ code: 1001, reason: 'Going away' });
    const [event] = await waitFor('$disconnect', () => {
      const events = eventsOf(DISCONNECT);
      return events.length > 0 ? events : undefined;
    });
    expect(event.requestContext).toMatchObject({
      disconnectStatusCode: 1001,
      disconnectReason: 'Going away',
    });
  });

  it('closes a connection at its maximum duration, busy or not', async () => {
    harness = await startHarness({ limits: { maxConnectionMs: 300 } });
    const client = await harness.connect('tenant-a');
    const closed = closeOf(client);
    const chatter = setInterval(() => client.send('{"action":"ping"}'), 20);
    try {
      expect(await closed).toEqual({ code: 1001, reason: 'Going away' });
    } finally {
      clearInterval(chatter);
    }
  });

  it('closes with 1009 on a single frame over 32 KB, before routing it', async () => {
    harness = await startHarness();
    const client = await harness.connect('tenant-a');
    const closed = closeOf(client);
    client.send(JSON.stringify({ action: 'ping', pad: 'x'.repeat(40_000) }));
    expect(await closed).toMatchObject({ code: 1009 });
    expect(eventsOf(MESSAGES)).toEqual([]);
  });

  it('takes a 40 KB message sent in frames of 20 KB', async () => {
    harness = await startHarness();
    const client = await harness.connect('tenant-a');
    const text = JSON.stringify({ action: 'ping', pad: 'x'.repeat(40_000) });
    const half = Math.ceil(text.length / 2);
    client.send(text.slice(0, half), { fin: false });
    client.send(text.slice(half), { fin: true });
    const [event] = await waitFor('the message routed', () => {
      const events = eventsOf(MESSAGES);
      return events.length > 0 ? events : undefined;
    });
    expect(event.body).toBe(text);
    expect(event.requestContext.routeKey).toBe('ping');
  });

  it('closes with 1009 when the frames of one message pass 128 KB', async () => {
    harness = await startHarness();
    const client = await harness.connect('tenant-a');
    const closed = closeOf(client);
    const frame = 'x'.repeat(32_768);
    for (let index = 0; index < 4; index += 1) client.send(frame, { fin: false });
    client.send('x', { fin: true });
    expect(await closed).toMatchObject({ code: 1009 });
    expect(eventsOf(MESSAGES)).toEqual([]);
  });
});

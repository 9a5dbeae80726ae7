import { RealtimeClient, httpsRequest, signedHeaders } from './support/clients';
import { startHarness, type Harness } from './support/harness';

let harness: Harness;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  harness = await startHarness({ keepAliveIntervalMs: 100 });
});

afterEach(() => clients.splice(0).forEach((client) => client.close()));

afterAll(async () => {
  await harness.server.stop();
});

async function connected(authHeaders: Record<string, string>): Promise<RealtimeClient> {
  const client = new RealtimeClient(harness.server.realtimeUrl, harness.tls.caCertPem, authHeaders);
  clients.push(client);
  await client.opened();
  client.send({ type: 'connection_init' });
  return client;
}

const host = (): string => new URL(harness.server.httpUrl).host;
const tokenOf = (tenant: string) => ({ authorization: `token-${tenant}`, host: host() });

async function publish(channel: string, events: unknown[]) {
  const body = JSON.stringify({ channel, events });
  return httpsRequest(harness.server.httpUrl, harness.tls.caCertPem, {
    headers: await signedHeaders(harness.server.httpUrl, body),
    body,
  });
}

async function subscribed(
  client: RealtimeClient,
  id: string,
  channel: string,
  authorization: Record<string, string>,
) {
  client.send({ type: 'subscribe', id, channel, authorization });
  return client.next((message) => message.id === id);
}

describe('the realtime endpoint', () => {
  it('acknowledges connection_init with the connection timeout, then keeps the connection alive', async () => {
    const client = await connected(tokenOf('a'));
    expect(await client.next((message) => message.type === 'connection_ack')).toEqual({
      type: 'connection_ack',
      connectionTimeoutMs: 300_000,
    });
    await client.next(() => client.messages.filter((message) => message.type === 'ka').length >= 3);
  });

  it('gives the Lambda authorizer the token, the operation and the channel', async () => {
    const client = await connected(tokenOf('a'));
    await subscribed(client, 's1', '/checks/a/c1', tokenOf('a'));
    const [connect, subscribe] = harness.invoker.eventsOf('Authorizer').slice(-2);
    expect(connect).toEqual({
      authorizationToken: 'token-a',
      requestContext: {
        apiId: harness.api.apiId,
        accountId: '000000000000',
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        operation: 'EVENT_CONNECT',
      },
      requestHeaders: tokenOf('a'),
    });
    expect(subscribe).toMatchObject({
      authorizationToken: 'token-a',
      requestContext: {
        operation: 'EVENT_SUBSCRIBE',
        channelNamespaceName: 'checks',
        channel: '/checks/a/c1',
      },
    });
  });

  it('delivers every event published over HTTP to a subscriber, in order, as JSON text', async () => {
    const client = await connected(tokenOf('a'));
    expect(await subscribed(client, 's1', '/checks/a/c2', tokenOf('a'))).toEqual({
      type: 'subscribe_success',
      id: 's1',
    });
    const answer = await publish('/checks/a/c2', [JSON.stringify({ v: 1 }), JSON.stringify({ v: 2 })]);
    expect(answer).toEqual({
      status: 200,
      body: {
        successful: [
          { identifier: expect.stringMatching(/^[0-9a-f-]{36}$/), index: 0 },
          { identifier: expect.stringMatching(/^[0-9a-f-]{36}$/), index: 1 },
        ],
        failed: [],
      },
    });
    await client.next(() => client.messages.filter((message) => message.type === 'data').length === 2);
    expect(client.messages.filter((message) => message.type === 'data')).toEqual([
      { type: 'data', id: 's1', event: '{"v":1}' },
      { type: 'data', id: 's1', event: '{"v":2}' },
    ]);
  });

  it('delivers to a wildcard subscription every channel below it, and nothing else', async () => {
    const client = await connected(tokenOf('w'));
    await subscribed(client, 'all', '/checks/w/*', tokenOf('w'));
    await publish('/checks/w/one', ['"one"']);
    await publish('/checks/other/one', ['"not mine"']);
    await publish('/checks/w/two', ['"two"']);
    await client.next(() => client.messages.filter((message) => message.type === 'data').length === 2);
    expect(
      client.messages.filter((message) => message.type === 'data').map((message) => message.event),
    ).toEqual(['"one"', '"two"']);
  });

  it('stops delivering after unsubscribe, and names an unknown subscription', async () => {
    const client = await connected(tokenOf('u'));
    await subscribed(client, 's', '/checks/u/c', tokenOf('u'));
    client.send({ type: 'unsubscribe', id: 's' });
    expect(await client.next((message) => message.type === 'unsubscribe_success')).toEqual({
      type: 'unsubscribe_success',
      id: 's',
    });
    await publish('/checks/u/c', ['1']);
    client.send({ type: 'unsubscribe', id: 's' });
    expect(await client.next((message) => message.type === 'unsubscribe_error')).toMatchObject({
      id: 's',
      errors: [{ errorType: 'UnknownOperationError' }],
    });
    expect(client.messages.some((message) => message.type === 'data')).toBe(false);
  });

  it("refuses a subscription to another tenant's channel, by name or by wildcard", async () => {
    const client = await connected(tokenOf('a'));
    for (const [id, channel] of [
      ['by-name', '/checks/b/c1'],
      ['wildcard', '/checks/*'],
    ]) {
      expect(await subscribed(client, id, channel, tokenOf('a'))).toEqual({
        type: 'subscribe_error',
        id,
        errors: [
          { errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' },
        ],
      });
    }
    await publish('/checks/b/c1', ['"secret"']);
    expect(client.messages.some((message) => message.type === 'data')).toBe(false);
  });

  it('answers a refused connection with connection_error and closes it', async () => {
    const client = await connected({ authorization: 'not-a-token', host: host() });
    expect(await client.next((message) => message.type === 'connection_error')).toEqual({
      type: 'connection_error',
      errors: [
        {
          errorType: 'UnauthorizedException',
          message: 'You are not authorized to make this call.',
        },
      ],
    });
    await client.closed();
  });

  it('refuses bad subscriptions with subscribe_error and their reason', async () => {
    const client = await connected(tokenOf('a'));
    expect(await subscribed(client, 'deep', '/checks/a/b/c/d/e', tokenOf('a'))).toMatchObject({
      type: 'subscribe_error',
      errors: [{ errorType: 'BadRequestException', message: expect.stringContaining('at most 5 segments') }],
    });
    expect(await subscribed(client, 'ns', '/nowhere/a', tokenOf('a'))).toMatchObject({
      type: 'subscribe_error',
      errors: [
        { errorType: 'BadRequestException', message: expect.stringContaining('Namespace nowhere not found') },
      ],
    });
    await subscribed(client, 'twice', '/checks/a/x', tokenOf('a'));
    client.send({ type: 'subscribe', id: 'twice', channel: '/checks/a/y', authorization: tokenOf('a') });
    expect(
      await client.next((message) => message.type === 'subscribe_error' && message.id === 'twice'),
    ).toEqual({
      type: 'subscribe_error',
      id: 'twice',
      errors: [{ errorType: 'DuplicatedOperationError', message: 'Duplicate subscription id twice' }],
    });
  });

  it('answers text that is no message with an error, and stays open', async () => {
    const client = await connected(tokenOf('a'));
    client.send({ type: 'start', id: 'x' });
    expect(await client.next((message) => message.type === 'error')).toEqual({
      type: 'error',
      id: 'x',
      errors: [
        { errorType: 'UnsupportedOperation', message: 'start not supported through the realtime channel' },
      ],
    });
    expect(await subscribed(client, 'after', '/checks/a/z', tokenOf('a'))).toMatchObject({
      type: 'subscribe_success',
    });
  });

  it('publishes over the socket by the namespace publish modes', async () => {
    const [apiKey] = harness.api.apiKeys;
    const keyHeaders = { 'x-api-key': apiKey ?? '', host: host() };
    const listener = await connected(keyHeaders);
    await subscribed(listener, 'open', '/open/room', keyHeaders);
    listener.send({
      type: 'publish',
      id: 'p1',
      channel: '/open/room',
      events: ['{"hi":1}'],
      authorization: keyHeaders,
    });
    expect(await listener.next((message) => message.id === 'p1')).toEqual({
      type: 'publish_success',
      id: 'p1',
      successful: [{ identifier: expect.any(String), index: 0 }],
      failed: [],
    });
    expect(await listener.next((message) => message.type === 'data')).toEqual({
      type: 'data',
      id: 'open',
      event: '{"hi":1}',
    });

    const tenant = await connected(tokenOf('a'));
    tenant.send({
      type: 'publish',
      id: 'p2',
      channel: '/checks/a/c',
      events: ['1'],
      authorization: tokenOf('a'),
    });
    expect(await tenant.next((message) => message.id === 'p2')).toEqual({
      type: 'publish_error',
      id: 'p2',
      errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' }],
    });
  });
});

describe('the HTTP publish endpoint', () => {
  it('refuses a request with no credentials, or a signature by another key', async () => {
    const body = JSON.stringify({ channel: '/checks/a/b', events: ['1'] });
    expect(await httpsRequest(harness.server.httpUrl, harness.tls.caCertPem, { body })).toEqual({
      status: 401,
      body: {
        errors: [
          { errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' },
        ],
      },
    });
    const forged = await signedHeaders(harness.server.httpUrl, body, {
      accessKeyId: 'sandbox',
      secretAccessKey: 'guess',
      sessionToken: 'sandbox',
    });
    expect(
      await httpsRequest(harness.server.httpUrl, harness.tls.caCertPem, { headers: forged, body }),
    ).toMatchObject({
      status: 401,
      body: {
        errors: [{ errorType: 'UnauthorizedException', message: expect.stringContaining('signature') }],
      },
    });
  });

  it.each([
    [
      'more than five events',
      '/checks/a/b',
      ['1', '2', '3', '4', '5', '6'],
      'events must be a list of 1 to 5 events',
    ],
    ['no events', '/checks/a/b', [], 'events must be a list of 1 to 5 events'],
    [
      'an event that is not JSON',
      '/checks/a/b',
      ['{nope'],
      'Event at index 0 must be a string of valid JSON',
    ],
    [
      'an event that is no string',
      '/checks/a/b',
      [{ a: 1 }],
      'Event at index 0 must be a string of valid JSON',
    ],
    [
      'an event over 240 KB',
      '/checks/a/b',
      [JSON.stringify('x'.repeat(240 * 1024))],
      'Event at index 0 is over the maximum event size of 245760 bytes',
    ],
    ['a wildcard channel', '/checks/a/*', ['1'], 'Wildcards are only allowed when subscribing: /checks/a/*'],
    ['an unknown namespace', '/nowhere/a', ['1'], expect.stringContaining('Namespace nowhere not found')],
  ])('answers 400 to %s', async (_what, channel, events, message) => {
    expect(await publish(channel, events)).toEqual({
      status: 400,
      body: { errors: [{ errorType: 'BadRequestException', message }] },
    });
  });

  it('takes only POST', async () => {
    expect(
      await httpsRequest(harness.server.httpUrl, harness.tls.caCertPem, { method: 'GET' }),
    ).toMatchObject({ status: 405 });
  });
});

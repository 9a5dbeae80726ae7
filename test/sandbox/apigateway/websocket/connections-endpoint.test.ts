import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PayloadTooLargeException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawData } from 'ws';
import type { ConnectionSummary } from '../../../../sandbox/apigateway/websocket/connection-registry';
import { FrameHeaderReader, type FrameHeader } from '../../../../sandbox/apigateway/websocket/frame-reader';
import { ADMIN_HEADERS, startHarness, type Harness } from './support/harness';
import { DISCONNECT } from './support/realtime-api';
import { closeOf, collectMessages, waitFor } from './support/wait';

let harness: Harness;
let client: ApiGatewayManagementApiClient;

beforeEach(async () => {
  harness = await startHarness();
  client = new ApiGatewayManagementApiClient({
    endpoint: harness.server.callbackUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  });
});

afterEach(async () => {
  client.destroy();
  await harness.stop();
});

async function connected(): Promise<{
  socket: Awaited<ReturnType<Harness['connect']>>;
  connectionId: string;
}> {
  const socket = await harness.connect('tenant-a', { headers: { 'User-Agent': 'jest-client/1.0' } });
  return { socket, connectionId: harness.lastConnectionId() };
}

function post(connectionId: string, data: string | Uint8Array) {
  return client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('Expected the call to fail');
}

async function connections(): Promise<ConnectionSummary[]> {
  const response = await fetch(harness.server.adminUrl, { headers: ADMIN_HEADERS });
  return (await response.json()) as ConnectionSummary[];
}

/** A client that speaks the handshake by hand, to see the frames the server writes. */
function rawClient(): Promise<{ frames: FrameHeader[]; socket: Duplex }> {
  const url = new URL(`${harness.server.url.replace(/^ws:/, 'http:')}?token=tenant-a`);
  return new Promise((resolve, reject) => {
    const upgrade = request(url, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Version': '13',
      },
    });
    upgrade.on('upgrade', (_response, socket, head) => {
      const reader = new FrameHeaderReader();
      const frames: FrameHeader[] = [];
      const read = (chunk: Buffer) => frames.push(...reader.read(chunk));
      read(head);
      socket.on('data', read);
      resolve({ frames, socket });
    });
    upgrade.on('response', (response) => reject(new Error(`Upgrade refused with ${response.statusCode}`)));
    upgrade.on('error', reject);
    upgrade.end();
  });
}

describe('@connections', () => {
  it('posts the raw body to the client as a text frame', async () => {
    const { socket, connectionId } = await connected();
    const received = collectMessages(socket);
    const response = await post(connectionId, '{"type":"check.done"}');
    expect(response.$metadata.httpStatusCode).toBe(200);
    await waitFor('the message', () => (received.length === 1 ? received : undefined));
    expect(received).toEqual(['{"type":"check.done"}']);
  });

  it('sends data that is not UTF-8 as a binary frame', async () => {
    const { socket, connectionId } = await connected();
    const frames: Array<{ data: Buffer; isBinary: boolean }> = [];
    socket.on('message', (data: RawData, isBinary) => frames.push({ data: data as Buffer, isBinary }));
    await post(connectionId, new Uint8Array([0xff, 0xfe, 0x00]));
    await waitFor('the frame', () => (frames.length === 1 ? frames : undefined));
    expect(frames[0].isBinary).toBe(true);
    expect([...frames[0].data]).toEqual([0xff, 0xfe, 0x00]);
  });

  it('describes the connection', async () => {
    const before = Date.now();
    const { connectionId } = await connected();
    const response = await client.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(response.ConnectedAt).toBeInstanceOf(Date);
    expect(response.ConnectedAt?.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(response.LastActiveAt).toBeInstanceOf(Date);
    expect(response.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: 'jest-client/1.0' });
  });

  it('deletes a connection: 204, the client closed, $disconnect run', async () => {
    const { socket, connectionId } = await connected();
    const closed = closeOf(socket);
    const response = await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    expect(response.$metadata.httpStatusCode).toBe(204);
    expect((await closed).code).toBe(1000);
    const [event] = await waitFor('$disconnect', () => {
      const events = harness.invoker.eventsOf(DISCONNECT);
      return events.length > 0 ? events : undefined;
    });
    expect(event.requestContext).toMatchObject({
      connectionId,
      disconnectStatusCode: 1000,
      disconnectReason: 'Connection Closed Normally',
    });
  });

  it('answers a gone or unknown connection with 410, which the SDK throws as GoneException', async () => {
    const { socket, connectionId } = await connected();
    const closed = closeOf(socket);
    socket.close(1000);
    await closed;
    await waitFor('the server to see the close', () =>
      harness.invoker.eventsOf(DISCONNECT).length > 0 ? true : undefined,
    );
    for (const id of [connectionId, 'NeverConnected=']) {
      const error = await rejection(post(id, 'late'));
      expect(error).toBeInstanceOf(GoneException);
      expect(error.name).toBe('GoneException');
      expect(error.$fault).toBe('client');
      expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(410);
    }
    expect(
      (await rejection(client.send(new GetConnectionCommand({ ConnectionId: connectionId })))).name,
    ).toBe('GoneException');
    expect(
      (await rejection(client.send(new DeleteConnectionCommand({ ConnectionId: connectionId })))).name,
    ).toBe('GoneException');
  });

  it('splits a 40 KB post into frames of at most 32 KB that the client joins back', async () => {
    const raw = await rawClient();
    const rawConnectionId = harness.lastConnectionId();
    const { socket, connectionId } = await connected();
    const received = collectMessages(socket);
    const data = 'y'.repeat(40 * 1024);
    await post(rawConnectionId, data);
    await post(connectionId, data);
    await waitFor('the frames', () => (raw.frames.length === 2 ? true : undefined));
    expect(raw.frames).toEqual([
      { fin: false, opcode: 1, payloadLength: 32_768 },
      { fin: true, opcode: 0, payloadLength: 40 * 1024 - 32_768 },
    ]);
    await waitFor('the joined message', () => (received.length === 1 ? received : undefined));
    expect(received[0]).toBe(data);
    raw.socket.destroy();
  });

  it('refuses a post over 128 KB with 413 PayloadTooLargeException, and takes 128 KB', async () => {
    const { socket, connectionId } = await connected();
    const received = collectMessages(socket);
    const error = await rejection(post(connectionId, 'z'.repeat(131_073)));
    expect(error).toBeInstanceOf(PayloadTooLargeException);
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(413);
    await post(connectionId, 'z'.repeat(131_072));
    await waitFor('the largest message', () => (received.length === 1 ? received : undefined));
    expect(received[0]).toHaveLength(131_072);
  });
});

describe('@connections signatures', () => {
  const connectionUrl = (id: string) =>
    `${harness.server.callbackUrl}/@connections/${encodeURIComponent(id)}`;

  function clientWith(credentials: { accessKeyId: string; secretAccessKey: string }) {
    return new ApiGatewayManagementApiClient({
      endpoint: harness.server.callbackUrl,
      region: 'us-east-1',
      credentials,
    });
  }

  it('refuses an unsigned post with 403 MissingAuthenticationTokenException, and delivers nothing', async () => {
    const { socket, connectionId } = await connected();
    const received = collectMessages(socket);
    const response = await fetch(connectionUrl(connectionId), { method: 'POST', body: 'forged' });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    await post(connectionId, 'signed');
    await waitFor('the signed message', () => (received.length > 0 ? received : undefined));
    expect(received).toEqual(['signed']);
  });

  it('refuses an unsigned delete, and the connection stays open', async () => {
    const { connectionId } = await connected();
    const response = await fetch(connectionUrl(connectionId), { method: 'DELETE' });
    expect(response.status).toBe(403);
    const described = await client.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(described.$metadata.httpStatusCode).toBe(200);
  });

  it('refuses another key as UnrecognizedClientException and another secret as InvalidSignatureException', async () => {
    const { socket, connectionId } = await connected();
    const received = collectMessages(socket);
    const intruder = clientWith({ accessKeyId: 'intruder', secretAccessKey: 'sandbox' });
    const guesser = clientWith({ accessKeyId: 'sandbox', secretAccessKey: 'guessed' });
    const command = new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'forged' });
    const unknownKey = await rejection(intruder.send(command));
    const badSecret = await rejection(guesser.send(command));
    intruder.destroy();
    guesser.destroy();
    expect([unknownKey.name, badSecret.name]).toEqual([
      'UnrecognizedClientException',
      'InvalidSignatureException',
    ]);
    expect((unknownKey.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(403);
    expect(badSecret.message).toMatch(/^The request signature we calculated does not match/);
    await post(connectionId, 'signed');
    await waitFor('the signed message', () => (received.length > 0 ? received : undefined));
    expect(received).toEqual(['signed']);
  });
});

describe('/_sandbox/connections', () => {
  it('refuses a caller without the admin secret (401) or with another (403), and drops nothing', async () => {
    const { socket, connectionId } = await connected();
    const dropUrl = `${harness.server.adminUrl}/${encodeURIComponent(connectionId)}/drop`;
    const missing = await fetch(dropUrl, { method: 'POST' });
    const wrong = await fetch(dropUrl, { method: 'POST', headers: { Authorization: 'Bearer guessed' } });
    const listing = await fetch(harness.server.adminUrl);
    expect([missing.status, wrong.status, listing.status]).toEqual([401, 403, 401]);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await wrong.json()).toEqual({
      error: { code: 'Forbidden', message: "The bearer token is not this sandbox's admin secret" },
    });
    expect(socket.readyState).toBe(socket.OPEN);
    expect((await connections()).find((summary) => summary.connectionId === connectionId)?.open).toBe(true);
  });

  it('lists connections with their posts', async () => {
    const { connectionId } = await connected();
    await post(connectionId, 'one');
    expect(await connections()).toEqual([
      {
        connectionId,
        connectedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        sourceIp: '127.0.0.1',
        userAgent: 'jest-client/1.0',
        open: true,
        postsDelivered: 1,
        postsGone: 0,
        postsThrottled: 0,
      },
    ]);
  });

  it('drops a connection without $disconnect, and counts the posts it misses', async () => {
    const dropped = await connected();
    const closed = closeOf(dropped.socket);
    const response = await fetch(
      `${harness.server.adminUrl}/${encodeURIComponent(dropped.connectionId)}/drop`,
      { method: 'POST', headers: ADMIN_HEADERS },
    );
    expect(response.status).toBe(204);
    expect((await closed).code).toBe(1006);
    expect((await rejection(post(dropped.connectionId, 'lost'))).name).toBe('GoneException');

    // A normal close afterwards: once its $disconnect ran, the drop's close was handled too.
    const other = await connected();
    other.socket.close(1000);
    await waitFor('the other $disconnect', () =>
      harness.invoker.eventsOf(DISCONNECT).length > 0 ? true : undefined,
    );
    expect(
      harness.invoker
        .eventsOf(DISCONNECT)
        .map((event) => (event.requestContext as { connectionId: string }).connectionId),
    ).toEqual([other.connectionId]);
    expect(
      (await connections()).find(({ connectionId }) => connectionId === dropped.connectionId),
    ).toMatchObject({
      open: false,
      postsDelivered: 0,
      postsGone: 1,
    });
  });

  it('answers 404 to a drop of an unknown connection', async () => {
    const response = await fetch(`${harness.server.adminUrl}/Unknown%3D/drop`, {
      method: 'POST',
      headers: ADMIN_HEADERS,
    });
    expect(response.status).toBe(404);
  });
});

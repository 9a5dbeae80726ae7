import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { startRestrictiveProxy, type RestrictiveProxy } from '../../../demo/server/restrictive-proxy';

/** A REST API stand-in: echoes requests, and serves an event stream the test ends. */
function restStandIn() {
  let endStream: (() => void) | undefined;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.url === '/prod/stream') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.write('data: first\n\n');
      endStream = () => response.end('data: last\n\n');
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(201, { 'Content-Type': 'application/json', 'X-Check-Reads': '1' });
      response.end(
        JSON.stringify({
          method: request.method,
          url: request.url,
          host: request.headers.host,
          authorization: request.headers.authorization,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
  });
  return { server, endStream: () => endStream?.() };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('restrictive proxy', () => {
  const rest = restStandIn();
  const wsServer = createServer();
  const echo = new WebSocketServer({ server: wsServer });
  let restHost: string;
  let wsHost: string;
  const proxies: RestrictiveProxy[] = [];

  beforeAll(async () => {
    echo.on('connection', (socket, request) => {
      socket.on('message', (data) =>
        socket.send(`${request.url ?? ''} ${request.headers.host ?? ''} ${String(data)}`),
      );
    });
    restHost = await listen(rest.server);
    wsHost = await listen(wsServer);
  });

  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.stop()));
    echo.close();
    await Promise.all([close(rest.server), close(wsServer)]);
  });

  async function proxy(blockWebSocket: boolean, bufferEventStreams: boolean) {
    const started = await startRestrictiveProxy({
      restUrl: `http://${restHost}/prod/`,
      wsUrl: `ws://${wsHost}/prod`,
      blockWebSocket,
      bufferEventStreams,
    });
    proxies.push(started);
    return started;
  }

  it('mirrors the targets’ paths in its URLs and forwards requests as they are', async () => {
    const open = await proxy(false, false);
    expect(open.restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prod\/$/);
    expect(open.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/prod$/);
    const response = await fetch(`${open.restUrl}checks?x=1`, {
      method: 'POST',
      headers: { Authorization: 'Bearer t' },
      body: '{"target":"a"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-check-reads')).toBe('1');
    expect(await response.json()).toEqual({
      method: 'POST',
      url: '/prod/checks?x=1',
      host: restHost,
      authorization: 'Bearer t',
      body: '{"target":"a"}',
    });
  });

  it('streams an event stream through as it comes when not buffering', async () => {
    const open = await proxy(false, false);
    const response = await fetch(`${open.restUrl}stream`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: first\n\n');
    rest.endStream();
    await reader.cancel();
  });

  it('holds an event stream until it ends when buffering', async () => {
    const buffering = await proxy(true, true);
    let answered = false;
    const pending = fetch(`${buffering.restUrl}stream`).then(async (response) => {
      answered = true;
      return { type: response.headers.get('content-type'), text: await response.text() };
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBe(false);
    rest.endStream();
    expect(await pending).toEqual({ type: 'text/event-stream', text: 'data: first\n\ndata: last\n\n' });
  });

  it('pipes WebSocket upgrades to the WebSocket API', async () => {
    const open = await proxy(false, false);
    const socket = new WebSocket(`${open.wsUrl}?token=abc`);
    const reply = await new Promise<string>((resolve, reject) => {
      socket.on('open', () => socket.send('hello'));
      socket.on('message', (data) => resolve(String(data)));
      socket.on('error', reject);
    });
    socket.close();
    expect(reply).toBe(`/prod?token=abc ${wsHost} hello`);
  });

  it('refuses WebSocket upgrades with 403 when blocking them', async () => {
    const blocking = await proxy(true, false);
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(blocking.wsUrl);
      socket.on('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.on('error', () => undefined);
      socket.on('open', () => reject(new Error('the upgrade was accepted')));
    });
    expect(status).toBe(403);
  });
});

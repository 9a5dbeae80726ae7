import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import { connect, type Socket } from 'node:net';
import { urlHost } from '../../sandbox/platform/url-host';
import { listen } from './listen';

export interface RestrictiveProxyOptions {
  /** The REST API's URL, e.g. `http://127.0.0.1:4010/prod/`. */
  readonly restUrl: string;
  /** The WebSocket API's URL, e.g. `ws://127.0.0.1:4011/prod`. */
  readonly wsUrl: string;
  /** Refuse WebSocket upgrades with 403, as proxies that only speak plain HTTP do. */
  readonly blockWebSocket: boolean;
  /** Hold `text/event-stream` responses until they end, as buffering proxies do. */
  readonly bufferEventStreams: boolean;
  readonly host?: string;
  readonly port?: number;
}

export interface RestrictiveProxy {
  /** The proxy's URLs, with the targets' paths. */
  readonly restUrl: string;
  readonly wsUrl: string;
  stop(): Promise<void>;
}

/** Headers that belong to one connection (RFC 9110 §7.6.1), never forwarded. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
];

function forwardable(headers: IncomingHttpHeaders, host: string): IncomingHttpHeaders {
  const copy: IncomingHttpHeaders = { ...headers, host };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

function isEventStream(response: IncomingMessage): boolean {
  return (response.headers['content-type'] ?? '').startsWith('text/event-stream');
}

/** The raw upgrade request, as the WebSocket API must receive it. */
function upgradeHead(request: IncomingMessage, host: string): string {
  const lines = [`${request.method ?? 'GET'} ${request.url ?? '/'} HTTP/1.1`];
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index] ?? '';
    lines.push(`${name}: ${name.toLowerCase() === 'host' ? host : (request.rawHeaders[index + 1] ?? '')}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Passes the REST API's answer on, whole once it has ended when it is a stream to hold. */
function relayAnswer(answer: IncomingMessage, response: ServerResponse, host: string, buffer: boolean): void {
  const headers = forwardable(answer.headers, host);
  delete headers.host;
  if (!(buffer && isEventStream(answer))) {
    response.writeHead(answer.statusCode ?? 502, headers);
    answer.pipe(response);
    return;
  }
  const chunks: Buffer[] = [];
  answer.on('data', (chunk: Buffer) => chunks.push(chunk));
  answer.on('end', () => {
    const body = Buffer.concat(chunks);
    response.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': body.length });
    response.end(body);
  });
}

function forwardToRest(rest: URL, bufferEventStreams: boolean): RequestListener {
  return (request, response) => {
    const upstream = httpRequest(
      {
        host: rest.hostname,
        port: rest.port,
        method: request.method,
        path: request.url,
        headers: forwardable(request.headers, rest.host),
      },
      (answer) => relayAnswer(answer, response, rest.host, bufferEventStreams),
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502).end();
      else response.destroy();
    });
    // A client that goes away must not leave a stream open behind the proxy.
    response.on('close', () => upstream.destroy());
    request.pipe(upstream);
  };
}

/** Pipes an upgrade to the WebSocket API; its socket joins `sockets`, which `stop` destroys. */
function pipeUpgrade(
  ws: URL,
  sockets: Set<Socket>,
  request: IncomingMessage,
  socket: Socket,
  head: Buffer,
): void {
  const upstream = connect(Number(ws.port), ws.hostname, () => {
    upstream.write(upgradeHead(request, ws.host));
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket).pipe(upstream);
  });
  sockets.add(upstream);
  upstream.on('close', () => sockets.delete(upstream));
  upstream.on('error', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
  socket.on('close', () => upstream.destroy());
}

/**
 * A loopback HTTP server that behaves like a restrictive corporate proxy in front of the
 * sandbox: requests are forwarded to the REST API, WebSocket upgrades (on the same port,
 * told apart by their Upgrade header) are refused or piped to the WebSocket API, and event
 * streams can be held until they end. The falling-back client is tested through it.
 */
export async function startRestrictiveProxy(options: RestrictiveProxyOptions): Promise<RestrictiveProxy> {
  const rest = new URL(options.restUrl);
  const ws = new URL(options.wsUrl);
  const sockets = new Set<Socket>();
  const server = createServer(forwardToRest(rest, options.bufferEventStreams));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    if (options.blockWebSocket) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    pipeUpgrade(ws, sockets, request, socket, head);
  });

  const { address, port } = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const origin = `${urlHost(address)}:${port}`;
  return {
    restUrl: `http://${origin}${rest.pathname}${rest.search}`,
    wsUrl: `ws://${origin}${ws.pathname}${ws.search}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

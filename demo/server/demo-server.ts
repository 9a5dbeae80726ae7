import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createSnsWebhookHandler } from '../../client/node/sns-webhook';
import type { DemoConfig, WebhookStatus } from '../src/contract';
import { startRestrictiveProxy } from './restrictive-proxy';
import { buildBrowserBundle, DEMO_DIR } from './browser-bundle';
import { DeliveryFeed } from './delivery-feed';
import { headBytes } from './request-bytes';
import { subscribeReceiver } from './self-subscription';
import { isSandboxCertificateUrl } from './trusted-certificate';

export interface DemoServerOptions {
  readonly restUrl: string;
  readonly wsUrl: string;
  /** A token for tenant `demo`: the page's and the receiver's subscription's. */
  readonly token: string;
  /** The sandbox's SNS endpoint, which serves the certificate its signatures verify against. */
  readonly snsEndpoint: string;
  readonly host: string;
  readonly port: number;
  readonly log: (line: string) => void;
}

export interface RunningDemoServer {
  readonly url: string;
  stop(): Promise<void>;
}

interface StaticFile {
  readonly type: string;
  readonly body: string;
}

const RECEIVER_PATH = '/webhooks/receiver';

/**
 * The demo page's server: the page, its bundle, its configuration (the APIs, directly and
 * behind restrictive proxies), and a webhook receiver subscribed through the REST API whose
 * deliveries it streams to the page.
 */
export async function startDemoServer(options: DemoServerOptions): Promise<RunningDemoServer> {
  const files = new Map<string, StaticFile>([
    ['/', { type: 'text/html; charset=utf-8', body: readFileSync(resolve(DEMO_DIR, 'index.html'), 'utf8') }],
    [
      '/styles.css',
      { type: 'text/css; charset=utf-8', body: readFileSync(resolve(DEMO_DIR, 'styles.css'), 'utf8') },
    ],
    ['/main.js', { type: 'text/javascript; charset=utf-8', body: await buildBrowserBundle() }],
  ]);
  const apis = { restUrl: options.restUrl, wsUrl: options.wsUrl };
  const proxies = [
    await startRestrictiveProxy({
      ...apis,
      blockWebSocket: true,
      bufferEventStreams: false,
      host: options.host,
      port: 0,
    }),
  ];
  const stopProxies = () => Promise.all(proxies.map((proxy) => proxy.stop()));
  try {
    proxies.push(
      await startRestrictiveProxy({
        ...apis,
        blockWebSocket: true,
        bufferEventStreams: true,
        host: options.host,
        port: 0,
      }),
    );
  } catch (error) {
    await stopProxies();
    throw error;
  }
  const [blocked, blockedBuffered] = proxies;
  const config: DemoConfig = {
    ...apis,
    token: options.token,
    proxies: {
      webSocketBlocked: { restUrl: blocked.restUrl, wsUrl: blocked.wsUrl },
      webSocketBlockedSseBuffered: { restUrl: blockedBuffered.restUrl, wsUrl: blockedBuffered.wsUrl },
    },
  };

  let status: WebhookStatus = { state: 'pending' };
  let subscriptionId: string | undefined;
  const feed = new DeliveryFeed();
  /** The size of each POST as received, by SNS message id, until its notification is verified. */
  const arrivals = new Map<string, { readonly receivedAt: number; readonly bytes: number }>();
  const webhook = createSnsWebhookHandler({
    isTrustedCertificateUrl: (url) => isSandboxCertificateUrl(url, options.snsEndpoint),
    onNotification: (message, event) => {
      const arrival = arrivals.get(message.MessageId);
      arrivals.delete(message.MessageId);
      if (event === undefined || arrival === undefined) return;
      feed.add({ event, ...arrival });
    },
    onConfirmed: () => {
      status = { state: 'confirmed', subscriptionId };
      options.log('The demo webhook receiver confirmed its subscription');
    },
  });
  const receive = (request: IncomingMessage, response: ServerResponse) => {
    const messageId = request.headers['x-amz-sns-message-id'];
    if (typeof messageId === 'string') {
      const body = Number(request.headers['content-length'] ?? 0) || 0;
      arrivals.set(messageId, { receivedAt: Date.now(), bytes: headBytes(request) + body });
      response.on('close', () => setTimeout(() => arrivals.delete(messageId), 1000).unref());
    }
    webhook(request, response);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://demo');
    if (request.method === 'POST' && url.pathname === RECEIVER_PATH) return receive(request, response);
    if (request.method !== 'GET') {
      response.writeHead(405, { 'Content-Type': 'text/plain', Allow: 'GET' }).end('Method not allowed\n');
      return;
    }
    if (url.pathname === '/config.json') return json(response, config);
    if (url.pathname === '/webhooks/status') return json(response, status);
    if (url.pathname === '/webhooks/deliveries') {
      const lastEventId = request.headers['last-event-id'];
      return feed.open(response, typeof lastEventId === 'string' ? lastEventId : undefined);
    }
    const file = files.get(url.pathname === '/index.html' ? '/' : url.pathname);
    if (file === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
      return;
    }
    response.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store' }).end(file.body);
  });
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, resolveListen);
    });
  } catch (error) {
    await stopProxies();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}/`;

  const subscribing = new AbortController();
  const subscribed = subscribeReceiver({
    restUrl: options.restUrl,
    token: options.token,
    receiverUrl: new URL(RECEIVER_PATH, url).href,
    signal: subscribing.signal,
  }).then(
    (id) => {
      subscriptionId = id;
      if (status.state === 'confirmed') status = { state: 'confirmed', subscriptionId: id };
      options.log(`The demo webhook receiver subscribed (${id})`);
    },
    (error: Error) => {
      if (subscribing.signal.aborted) return;
      status = { state: 'failed', message: error.message };
      options.log(`The demo webhook receiver could not subscribe: ${error.message}`);
    },
  );

  return {
    url,
    stop: async () => {
      subscribing.abort();
      await subscribed;
      feed.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      await stopProxies();
    },
  };
}

function json(response: ServerResponse, value: unknown): void {
  response
    .writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    .end(JSON.stringify(value));
}

import './support/handler-env';
import type { APIGatewayAuthorizerEvent } from 'aws-lambda';
import { WebSocket } from 'ws';
import { toPublicCheck } from '../../../../lambda/checks/check';
import { toCloudEvent } from '../../../../lambda/shared/cloud-event';
import { fanOut, type FanoutDeps } from '../../../../lambda/websocket/fan-out';
import { issueToken } from '../../../../lambda/auth/tokens';
import { createAuthorizerHandler } from '../../../../lambda/auth/authorizer';
import { createConnectHandler, type ConnectEvent } from '../../../../lambda/websocket/ws-connect';
import { createDisconnectHandler } from '../../../../lambda/websocket/ws-disconnect';
import { createMessageHandler } from '../../../../lambda/websocket/ws-message';
import { SignedConnectionPoster } from '../../../../lambda/websocket/signed-connection-poster';
import { requireEnv } from '../../../../lambda/shared/env';
import type { InvokeOutcome, Invoker, StreamingInvocation } from '../../../../sandbox/lambda/invoker';
import { startWebSocketApi, type RunningWebSocketApi } from '../../../../sandbox/apigateway/websocket';
import { InMemoryCheckStore } from '../../../unit/support/in-memory-check-store';
import { storedCheck, TENANT } from '../../../unit/support/checks';
import { InMemoryConnectionStore } from '../../../unit/websocket/in-memory-connection-store';
import { AUTHORIZER, CONNECT, DISCONNECT, MESSAGES, realtimeWebSocketApi } from './support/realtime-api';
import { ADMIN_HEADERS, SANDBOX_API_OPTIONS } from './support/harness';
import { closeOf, collectMessages, waitFor } from './support/wait';

const SECRET = 'sandbox-test-secret-that-is-long-enough-for-hs256';

type APIGatewayProxyWebsocketEvent = Parameters<ReturnType<typeof createDisconnectHandler>>[0];

/**
 * The project's own handlers behind the Invoker contract, on in-memory stores: what they
 * receive from the emulator must be what they expect from API Gateway.
 */
class HandlersInvoker implements Invoker {
  readonly connections = new InMemoryConnectionStore();
  readonly checks = new InMemoryCheckStore(storedCheck());
  private readonly handlers: Array<[string, (event: unknown) => Promise<unknown>]> = [
    [
      AUTHORIZER,
      (event) =>
        createAuthorizerHandler({ secret: async () => SECRET, maxTokenLifetimeSeconds: 3600 })(
          event as APIGatewayAuthorizerEvent,
        ),
    ],
    [CONNECT, (event) => createConnectHandler(this.connections)(event as ConnectEvent)],
    [
      DISCONNECT,
      (event) => createDisconnectHandler(this.connections)(event as APIGatewayProxyWebsocketEvent),
    ],
    [
      MESSAGES,
      (event) =>
        createMessageHandler({ connections: this.connections, checks: this.checks })(
          event as APIGatewayProxyWebsocketEvent,
        ),
    ],
  ];

  async invoke(functionRef: string, event: unknown): Promise<InvokeOutcome> {
    const handler = this.handlers.find(([fragment]) => functionRef.includes(fragment))?.[1];
    if (handler === undefined) throw new Error(`No handler for ${functionRef}`);
    try {
      return { ok: true, payload: await handler(event) };
    } catch (error) {
      return { ok: false, error: { errorType: 'Error', errorMessage: (error as Error).message } };
    }
  }

  invokeWithResponseStream(): StreamingInvocation {
    throw new Error('The WebSocket API never streams');
  }
}

let invoker: HandlersInvoker;

/** The notifier's fan-out with an audience too small to queue: it posts itself. */
function inlineDeps(poster: SignedConnectionPoster): FanoutDeps {
  return {
    connections: invoker.connections,
    poster,
    concurrency: 2,
    queue: {
      send: () => Promise.reject(new Error('an inline fan-out queues nothing')),
    },
    settings: { inlineLimit: 100, shards: 1, shardSize: 1 },
  };
}
let server: RunningWebSocketApi;

beforeEach(async () => {
  invoker = new HandlersInvoker();
  server = await startWebSocketApi(realtimeWebSocketApi(), {
    invoker,
    host: '127.0.0.1',
    port: 0,
    ...SANDBOX_API_OPTIONS,
    log: () => undefined,
  });
});

afterEach(() => server.stop());

function open(url: string): Promise<WebSocket> {
  const client = new WebSocket(url);
  return new Promise((resolve, reject) => {
    client.once('open', () => resolve(client));
    client.once('error', reject);
  });
}

describe('the project handlers behind the emulator', () => {
  it('refuse a forged token at $connect with 401', async () => {
    await expect(open(`${server.url}?token=forged`)).rejects.toThrow('Unexpected server response: 401');
    expect(invoker.connections.connections.size).toBe(0);
  });

  it('subscribe, answer, receive a pushed change, and forget the connection at $disconnect', async () => {
    const token = await issueToken(SECRET, TENANT, '1h');
    const client = await open(`${server.url}?token=${token}`);
    const [connection] = [...invoker.connections.connections.values()];
    expect(connection.tenant).toBe(TENANT);

    const received = collectMessages(client);
    const check = storedCheck();
    client.send(JSON.stringify({ action: 'subscribe', checkId: check.id }));
    client.send(JSON.stringify({ action: 'ping' }));
    client.send('hello');
    await waitFor('three replies', () => (received.length === 3 ? received : undefined));
    const replies = received.map((text) => JSON.parse(text) as { type: string });
    expect(replies.map(({ type }) => type).sort()).toEqual(['error', 'pong', 'subscribed']);

    const poster = new SignedConnectionPoster({
      callbackUrl: server.callbackUrl,
      region: requireEnv('AWS_REGION'),
    });
    const event = toCloudEvent(toPublicCheck({ ...check, status: 'done', progress: 100, version: 2 }));
    expect(await fanOut(inlineDeps(poster), TENANT, event)).toEqual({
      mode: 'inline',
      delivered: 1,
      gone: 0,
      skipped: 0,
    });
    await waitFor('the pushed event', () => (received.length === 4 ? received : undefined));
    expect(JSON.parse(received[3])).toMatchObject({ id: `${check.id}:2`, type: 'check.done' });

    const closed = closeOf(client);
    client.close(1000);
    await closed;
    await waitFor('the connection forgotten', () =>
      invoker.connections.connections.size === 0 ? true : undefined,
    );
  });

  it('let the notifier remove a connection whose $disconnect never came', async () => {
    const token = await issueToken(SECRET, TENANT, '1h');
    const client = await open(`${server.url}?token=${token}`);
    const received = collectMessages(client);
    client.send(JSON.stringify({ action: 'subscribe', checkId: storedCheck().id }));
    await waitFor('subscribed', () => (received.length === 1 ? received : undefined));
    const [connectionId] = [...invoker.connections.connections.keys()];
    const dropped = await fetch(`${server.adminUrl}/${encodeURIComponent(connectionId)}/drop`, {
      method: 'POST',
      headers: ADMIN_HEADERS,
    });
    expect(dropped.status).toBe(204);

    const poster = new SignedConnectionPoster({
      callbackUrl: server.callbackUrl,
      region: requireEnv('AWS_REGION'),
    });
    const event = toCloudEvent(toPublicCheck({ ...storedCheck(), version: 2, progress: 50 }));
    expect(await fanOut(inlineDeps(poster), TENANT, event)).toEqual({
      mode: 'inline',
      delivered: 0,
      gone: 1,
      skipped: 0,
    });
    expect(invoker.connections.removed).toEqual([connectionId]);
  });
});

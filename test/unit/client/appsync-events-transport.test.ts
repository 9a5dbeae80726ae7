import { TransportFailure, WatchError } from '../../../client/errors';
import type { HttpConfig } from '../../../client/http';
import { appSyncEventsTransport } from '../../../client/transports/appsync-events';
import { subprotocolsOf, tenantOf } from '../../../client/transports/appsync-events-auth';
import type { WebSocketLike } from '../../../client/types';
import { watchCheck } from '../../../client/watch-check';
import { CHECK_ID, eventOf, jsonResponse, RecordingContext, scriptedFetch, stateOf } from './fixtures';

type Listener = (event: never) => void;

/** The part of the WHATWG WebSocket the client uses, driven by the test. */
class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: number | undefined;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(
    readonly url: string,
    readonly protocols?: string[],
  ) {
    FakeWebSocket.instances.push(this);
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  emit(type: 'open' | 'message' | 'close' | 'error', event: object = {}): void {
    if (type === 'open') this.readyState = 1;
    if (type === 'close') this.readyState = 3;
    for (const listener of this.listeners.get(type) ?? []) (listener as (event: object) => void)(event);
  }

  receive(message: unknown): void {
    this.emit('message', { data: JSON.stringify(message) });
  }

  /** The id of the subscribe the transport sent. */
  subscriptionId(): string {
    const subscribe = this.sent.find((m) => m.type === 'subscribe');
    if (subscribe === undefined) throw new Error('No subscribe sent');
    return subscribe.id as string;
  }

  /** Opens, acknowledges and confirms the subscription, as AppSync does. */
  accept(connectionTimeoutMs = 300_000): void {
    this.emit('open');
    this.receive({ type: 'connection_ack', connectionTimeoutMs });
    this.receive({ type: 'subscribe_success', id: this.subscriptionId() });
  }

  /** Publishes a check event on the subscription: AppSync sends it as a JSON string. */
  push(event: unknown): void {
    this.receive({ type: 'data', id: this.subscriptionId(), event: JSON.stringify(event) });
  }
}

/** A token whose payload names `sub`; the client reads it, the server verifies it. */
function tokenFor(sub: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part({ sub, iss: 'realtime-checks' })}.c2lnbmF0dXJl`;
}

const TOKEN = tokenFor('acme');
const HTTP_URL = 'https://abc123.appsync-api.us-east-1.amazonaws.com/event';
const REALTIME_URL = 'wss://abc123.appsync-realtime-api.us-east-1.amazonaws.com/event/realtime';
const flush = () => new Promise((resolve) => setImmediate(resolve));

function connect(
  context: RecordingContext,
  answers: (() => Response)[] = [() => jsonResponse(200, stateOf(2))],
  options: { token?: string; reconnectIntervalMs?: number } = {},
) {
  const { fetch, calls } = scriptedFetch(answers);
  const http: HttpConfig = {
    restUrl: 'https://api.example.com/prod/',
    token: async () => options.token ?? TOKEN,
    fetch,
  };
  const done = appSyncEventsTransport({
    httpUrl: HTTP_URL,
    realtimeUrl: REALTIME_URL,
    token: http.token,
    WebSocket: FakeWebSocket,
    http,
    reconnectIntervalMs: options.reconnectIntervalMs ?? 60_000,
  }).connect(context);
  return { done, calls, socket: () => FakeWebSocket.instances.at(-1) as FakeWebSocket };
}

function decodeHeader(protocol: string): unknown {
  return JSON.parse(Buffer.from(protocol.replace(/^header-/, ''), 'base64url').toString());
}

describe('appsync-events transport', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
  });

  it('connects with the Events subprotocol and the token and HTTP host in the header subprotocol', async () => {
    const context = new RecordingContext();
    connect(context);
    await flush();
    const socket = FakeWebSocket.instances[0];
    expect(socket.url).toBe(REALTIME_URL);
    expect(socket.protocols?.[0]).toBe('aws-appsync-event-ws');
    expect(socket.protocols?.[1]).toMatch(/^header-[A-Za-z0-9_-]+$/);
    expect(decodeHeader(socket.protocols?.[1] ?? '')).toEqual({
      host: 'abc123.appsync-api.us-east-1.amazonaws.com',
      Authorization: TOKEN,
    });
    context.controller.abort();
  });

  it('initialises, then subscribes to its tenant’s channel for the check with the same authorization', async () => {
    const context = new RecordingContext();
    const { socket } = connect(context);
    await flush();
    socket().emit('open');
    expect(socket().sent).toEqual([{ type: 'connection_init' }]);
    socket().receive({ type: 'connection_ack', connectionTimeoutMs: 300_000 });
    expect(socket().sent[1]).toEqual({
      type: 'subscribe',
      id: expect.any(String),
      channel: `/checks/acme/${CHECK_ID}`,
      authorization: { host: 'abc123.appsync-api.us-east-1.amazonaws.com', Authorization: TOKEN },
    });
    context.controller.abort();
  });

  it('reads the check once the subscription is live, then delivers pushed events as they come', async () => {
    const context = new RecordingContext(1);
    const { done, calls, socket } = connect(context);
    await flush();
    socket().emit('open');
    socket().receive({ type: 'connection_ack', connectionTimeoutMs: 300_000 });
    expect(calls).toEqual([]);
    socket().receive({ type: 'subscribe_success', id: socket().subscriptionId() });
    await flush();
    expect(calls.map((c) => c.url)).toEqual([`https://api.example.com/prod/checks/${CHECK_ID}`]);
    expect(calls[0].headers.Authorization).toBe(`Bearer ${TOKEN}`);
    socket().receive({ type: 'ka' });
    socket().push(eventOf(3));
    socket().push({ ...eventOf(9), subject: 'other-check' });
    socket().receive({ type: 'data', id: 'another-subscription', event: JSON.stringify(eventOf(8)) });
    socket().push(eventOf(4, 'done'));
    await done;
    expect(context.delivered).toEqual([
      { version: 2, type: 'check.progress', coalesced: true },
      { version: 3, type: 'check.progress', coalesced: false },
      { version: 4, type: 'check.done', coalesced: false },
    ]);
    // The connection, connection_init, subscribe and the read.
    expect(context.requests).toBe(4);
    expect(context.bytes).toBeGreaterThan(0);
    expect(socket().closedWith).toBe(1000);
  });

  it('treats what is pushed before the read lands as coalesced: the read may be older', async () => {
    const context = new RecordingContext(1);
    const { socket } = connect(context, [() => jsonResponse(200, stateOf(2))]);
    await flush();
    socket().emit('open');
    socket().receive({ type: 'connection_ack', connectionTimeoutMs: 300_000 });
    socket().receive({ type: 'subscribe_success', id: socket().subscriptionId() });
    socket().push(eventOf(3));
    await flush();
    expect(context.delivered).toEqual([
      { version: 3, type: 'check.progress', coalesced: true },
      { version: 2, type: 'check.progress', coalesced: true },
    ]);
    context.controller.abort();
  });

  it('ends after a final snapshot without waiting for a push', async () => {
    const context = new RecordingContext();
    const { done, socket } = connect(context, [() => jsonResponse(200, stateOf(5, 'failed'))]);
    await flush();
    socket().accept();
    await done;
    expect(context.delivered).toEqual([{ version: 5, type: 'check.failed', coalesced: true }]);
  });

  it('closes a connection whose keep-alives stop, as a transient failure', async () => {
    const context = new RecordingContext();
    const { done, socket } = connect(context);
    await flush();
    socket().accept(30);
    await expect(done).rejects.toEqual(new TransportFailure('no keep-alive within 30 ms', true));
    expect(socket().closedWith).toBe(1000);
  });

  it('keeps a connection whose keep-alives arrive in time', async () => {
    const context = new RecordingContext();
    const { done, socket } = connect(context, [() => jsonResponse(200, stateOf(1))], {
      reconnectIntervalMs: 150,
    });
    await flush();
    socket().accept(60);
    const keepAlive = setInterval(() => socket().receive({ type: 'ka' }), 20);
    await done;
    clearInterval(keepAlive);
    expect(socket().closedWith).toBe(1000);
  });

  it('reconnects on its schedule, ending the connection normally', async () => {
    const context = new RecordingContext();
    const { done, socket } = connect(context, [() => jsonResponse(200, stateOf(1))], {
      reconnectIntervalMs: 20,
    });
    await flush();
    socket().accept();
    await expect(done).resolves.toBeUndefined();
  });

  it.each([
    [
      'a refused connection',
      {
        type: 'connection_error',
        errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized' }],
      },
      'connection refused: UnauthorizedException: You are not authorized',
    ],
    [
      'a refused subscribe',
      { type: 'subscribe_error', errors: [{ errorType: 'UnauthorizedException' }] },
      `subscribe to /checks/acme/${CHECK_ID} refused: UnauthorizedException`,
    ],
  ])('falls back from %s, which no retry would mend', async (_, answer, message) => {
    const context = new RecordingContext();
    const { done, socket } = connect(context);
    await flush();
    socket().emit('open');
    socket().receive({ ...answer, id: 'ignored' });
    await expect(done).rejects.toEqual(new TransportFailure(message, false));
  });

  it('calls a refused upgrade a failure to fall back from, and a drop after open transient', async () => {
    const refused = connect(new RecordingContext());
    await flush();
    refused.socket().emit('error', { message: 'Unexpected server response: 401' });
    refused.socket().emit('close', { code: 1006, reason: '' });
    await expect(refused.done).rejects.toEqual(new TransportFailure('upgrade refused (401)', false));

    const dropped = connect(new RecordingContext());
    await flush();
    dropped.socket().accept();
    dropped.socket().emit('close', { code: 1006, reason: '' });
    await expect(dropped.done).rejects.toEqual(new TransportFailure('closed by the server (1006)', true));
  });

  it('throws a refusal when the REST API does not know the check', async () => {
    const context = new RecordingContext();
    const { done, socket } = connect(context, [() => jsonResponse(404, { error: { code: 'NOT_FOUND' } })]);
    await flush();
    socket().accept();
    await expect(done).rejects.toBeInstanceOf(WatchError);
  });

  it('refuses a token that names no tenant before connecting', async () => {
    const { done } = connect(new RecordingContext(), [], { token: 'opaque' });
    await expect(done).rejects.toEqual(new TransportFailure('the token names no tenant (sub)', false));
    expect(FakeWebSocket.instances).toEqual([]);
  });
});

describe('appsync-events authorization', () => {
  it('reads the tenant of a JWT, and nothing from what is not one', () => {
    expect(tenantOf(tokenFor('globex'))).toBe('globex');
    expect(tenantOf('a.b.c')).toBeUndefined();
    expect(tenantOf(tokenFor(''))).toBeUndefined();
  });

  it('encodes the header subprotocol as base64url without padding, so it is a valid token', () => {
    const [, header] = subprotocolsOf({ host: 'h.example.com', Authorization: 'a+b/c==?' });
    expect(header).toMatch(/^header-[A-Za-z0-9_-]+$/);
    expect(decodeHeader(header)).toEqual({ host: 'h.example.com', Authorization: 'a+b/c==?' });
  });
});

describe('appsync-events in a watch', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
  });

  const nextSocket = async (count: number) => {
    for (let i = 0; i < 400 && FakeWebSocket.instances.length < count; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return FakeWebSocket.instances[count - 1];
  };

  it('loses and repeats nothing across a reconnect: the read after resubscribing fills the gap', async () => {
    const { fetch, calls } = scriptedFetch([
      () => jsonResponse(200, stateOf(1)),
      () => jsonResponse(200, stateOf(3)),
    ]);
    const watch = watchCheck(CHECK_ID, {
      restUrl: 'https://api.example.com/prod/',
      appSyncEvents: { httpUrl: HTTP_URL, realtimeUrl: REALTIME_URL },
      transports: ['appsync-events'],
      token: TOKEN,
      WebSocket: FakeWebSocket,
      fetch,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 1,
    });
    const versions: number[] = [];
    const reading = (async () => {
      for await (const event of watch) versions.push(event.data.version);
    })();

    const first = await nextSocket(1);
    first.accept();
    await flush();
    first.push(eventOf(2));
    await flush();
    // Version 3 is published while the client is away.
    first.emit('close', { code: 1006, reason: '' });

    const second = await nextSocket(2);
    second.accept();
    await flush();
    second.push(eventOf(3));
    second.push(eventOf(4, 'done'));
    await reading;

    expect(versions).toEqual([1, 2, 3, 4]);
    expect(calls).toHaveLength(2);
    expect(watch.stats()).toMatchObject({ duplicatesDropped: 1, gapsRefetched: 0, reconnects: 1 });
  });
});

import { TransportFailure, WatchError } from '../../../client/errors';
import { webSocketTransport } from '../../../client/transports/websocket';
import type { WebSocketLike } from '../../../client/types';
import { CHECK_ID, eventOf, RecordingContext, stateOf } from './fixtures';

type Listener = (event: never) => void;

/** The part of the WHATWG WebSocket the client uses, driven by the test. */
class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  readonly sent: unknown[] = [];
  closedWith: number | undefined;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data));
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
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function connect(
  context: RecordingContext,
  intervals: { pingIntervalMs?: number; reconnectIntervalMs?: number } = {},
) {
  const done = webSocketTransport({
    wsUrl: 'wss://ws.example.com/prod',
    token: async () => 'tok en',
    WebSocket: FakeWebSocket,
    pingIntervalMs: intervals.pingIntervalMs ?? 60_000,
    reconnectIntervalMs: intervals.reconnectIntervalMs ?? 60_000,
  }).connect(context);
  return { done, socket: () => FakeWebSocket.instances.at(-1) as FakeWebSocket };
}

describe('websocket transport', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
  });

  it('subscribes, turns the snapshot into an event, then delivers pushed events as they come', async () => {
    const context = new RecordingContext(1);
    const { done, socket } = connect(context);
    await flush();
    expect(socket().url).toBe('wss://ws.example.com/prod?token=tok+en');
    socket().emit('open');
    expect(socket().sent).toEqual([{ action: 'subscribe', checkId: CHECK_ID }]);
    socket().receive({ type: 'subscribed', checkId: CHECK_ID, check: stateOf(2) });
    socket().receive({ type: 'pong' });
    socket().receive(eventOf(3));
    socket().receive({ ...eventOf(9), subject: 'other-check' });
    socket().receive(eventOf(4, 'done'));
    await done;
    expect(context.delivered).toEqual([
      { version: 2, type: 'check.progress', coalesced: true },
      { version: 3, type: 'check.progress', coalesced: false },
      { version: 4, type: 'check.done', coalesced: false },
    ]);
    expect(context.requests).toBe(2);
    expect(context.bytes).toBeGreaterThan(0);
    expect(socket().closedWith).toBe(1000);
  });

  it('treats events before the snapshot as coalesced', async () => {
    const context = new RecordingContext(1);
    const { socket } = connect(context);
    await flush();
    socket().emit('open');
    socket().receive(eventOf(3));
    expect(context.delivered).toEqual([{ version: 3, type: 'check.progress', coalesced: true }]);
    context.controller.abort();
  });

  it('pings on its interval and reconnects on its schedule', async () => {
    const context = new RecordingContext();
    const { done, socket } = connect(context, { pingIntervalMs: 5, reconnectIntervalMs: 40 });
    await flush();
    socket().emit('open');
    await done;
    const pings = socket().sent.filter((message) => (message as { action: string }).action === 'ping');
    expect(pings.length).toBeGreaterThan(0);
    expect(socket().closedWith).toBe(1000);
  });

  it('calls a refused upgrade a failure to fall back from, when the WebSocket says so', async () => {
    const context = new RecordingContext();
    const { done, socket } = connect(context);
    await flush();
    socket().emit('error', { message: 'Unexpected server response: 403' });
    socket().emit('close', { code: 1006, reason: '' });
    await expect(done).rejects.toEqual(new TransportFailure('upgrade refused (403)', false));
  });

  it('calls a connection that fails without a reason (a browser) transient, and so a drop after open', async () => {
    const first = connect(new RecordingContext());
    await flush();
    first.socket().emit('error', {});
    first.socket().emit('close', { code: 1006, reason: '' });
    await expect(first.done).rejects.toMatchObject({ transient: true });

    const second = connect(new RecordingContext());
    await flush();
    second.socket().emit('open');
    second.socket().emit('close', { code: 1001, reason: 'Going away' });
    await expect(second.done).rejects.toEqual(
      new TransportFailure('closed by the server (1001 Going away)', true),
    );
  });

  it('throws a refusal when the server does not know the check', async () => {
    const { done, socket } = connect(new RecordingContext());
    await flush();
    socket().emit('open');
    socket().receive({ type: 'error', code: 'NOT_FOUND', message: 'Check not found' });
    await expect(done).rejects.toBeInstanceOf(WatchError);
  });
});

import { isCheckCloudEvent, isCheckState, isFinal, toCloudEvent } from '../cloud-event';
import { TransportFailure, WatchError } from '../errors';
import type { Transport, TransportContext } from '../transport';
import type { WebSocketFactory, WebSocketLike } from '../types';
import { refusedStatus, textOf } from './socket-events';

export interface WebSocketTransportOptions {
  readonly wsUrl: string;
  readonly token: () => Promise<string>;
  readonly WebSocket: WebSocketFactory;
  /** Below API Gateway's 10-minute idle timeout. */
  readonly pingIntervalMs: number;
  /** Below API Gateway's 2-hour connection limit: the engine reconnects and resubscribes. */
  readonly reconnectIntervalMs: number;
}

/**
 * Subscribes on a WebSocket: the `subscribed` reply's snapshot becomes the first event (it
 * may jump, like any read), then every version arrives as its own message, so a jump after
 * it means a lost message and the engine refetches.
 */
export function webSocketTransport(options: WebSocketTransportOptions): Transport {
  return {
    name: 'websocket',
    streams: true,
    async connect(context) {
      const url = new URL(options.wsUrl);
      url.searchParams.set('token', await options.token());
      if (context.signal.aborted) return;
      return new Promise<void>((resolve, reject) => {
        const socket = new options.WebSocket(url.toString());
        context.sent();
        const session = new Session(socket, context, options, (error) => (error ? reject(error) : resolve()));
        session.listen();
      });
    },
  };
}

class Session {
  private opened = false;
  private subscribed = false;
  private settled = false;
  private refused: number | undefined;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];

  constructor(
    private readonly socket: WebSocketLike,
    private readonly context: TransportContext,
    private readonly options: WebSocketTransportOptions,
    private readonly done: (error?: Error) => void,
  ) {}

  listen(): void {
    const { socket, context } = this;
    context.signal.addEventListener('abort', () => this.finish(), { once: true });
    socket.addEventListener('open', () => {
      this.opened = true;
      this.send({ action: 'subscribe', checkId: context.checkId });
      this.timers.push(setInterval(() => this.send({ action: 'ping' }), this.options.pingIntervalMs));
      this.timers.push(setTimeout(() => this.finish(), this.options.reconnectIntervalMs));
    });
    socket.addEventListener('message', ({ data }) => this.receive(textOf(data)));
    socket.addEventListener('error', (event) => {
      this.refused ??= refusedStatus(event);
    });
    socket.addEventListener('close', ({ code, reason }) => {
      if (this.opened)
        this.finish(
          new TransportFailure(`closed by the server (${code}${reason ? ` ${reason}` : ''})`, true),
        );
      else if (this.refused !== undefined)
        this.finish(new TransportFailure(`upgrade refused (${this.refused})`, false));
      else this.finish(new TransportFailure(`could not connect (close ${code})`, true));
    });
  }

  private send(message: object): void {
    if (this.settled) return;
    this.context.sent();
    this.socket.send(JSON.stringify(message));
  }

  private receive(text: string): void {
    if (this.settled) return;
    this.context.received(new TextEncoder().encode(text).byteLength);
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return this.finish(new TransportFailure('a message is not JSON', false));
    }
    if (isCheckCloudEvent(message)) {
      if (message.subject !== this.context.checkId) return;
      // Before the snapshot, a pushed event may be ahead of what the watch has: not a gap.
      this.context.deliver(message, !this.subscribed);
      if (isFinal(message)) this.finish();
      return;
    }
    const reply = message as { type?: unknown; check?: unknown; code?: unknown; message?: unknown };
    if (reply.type === 'subscribed' && isCheckState(reply.check)) {
      this.subscribed = true;
      const snapshot = toCloudEvent(reply.check);
      this.context.deliver(snapshot, true);
      if (isFinal(snapshot)) this.finish();
    } else if (reply.type === 'error') {
      const text = `the server answered ${String(reply.code)}: ${String(reply.message)}`;
      this.finish(
        reply.code === 'NOT_FOUND'
          ? new WatchError(text, { status: 404 })
          : new TransportFailure(text, false),
      );
    }
  }

  private finish(error?: Error): void {
    if (this.settled) return;
    this.settled = true;
    for (const timer of this.timers) clearTimeout(timer);
    if (this.socket.readyState <= 1) this.socket.close(1000);
    this.done(error);
  }
}

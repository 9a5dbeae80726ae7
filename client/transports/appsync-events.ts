import { isCheckCloudEvent, isFinal } from '../cloud-event';
import { TransportFailure } from '../errors';
import { getCheck, type HttpConfig } from '../http';
import type { Transport, TransportContext } from '../transport';
import type { WebSocketFactory, WebSocketLike } from '../types';
import { refusedStatus, textOf } from './socket-events';
import {
  authorizationOf,
  checkChannelOf,
  subprotocolsOf,
  tenantOf,
  type EventsAuthorization,
} from './appsync-events-auth';

export interface AppSyncEventsTransportOptions {
  /** `https://<Dns.Http>/event`: its host goes in the authorization the realtime endpoint checks. */
  readonly httpUrl: string;
  /** `wss://<Dns.Realtime>/event/realtime`. */
  readonly realtimeUrl: string;
  readonly token: () => Promise<string>;
  readonly WebSocket: WebSocketFactory;
  /** Reads the check once per subscription: AppSync Events keeps no history to resume from. */
  readonly http: HttpConfig;
  /** Below AppSync's connection lifetime: the engine reconnects and subscribes again. */
  readonly reconnectIntervalMs: number;
}

/** The `errors` AppSync puts in `connection_error`, `subscribe_error` and `error`, as text. */
function errorsOf(message: { errors?: unknown }): string {
  const errors = Array.isArray(message.errors)
    ? (message.errors as { errorType?: unknown; message?: unknown }[])
    : [];
  const text = errors.map((e) => [e.errorType, e.message].filter((part) => part !== undefined).join(': '));
  return text.length > 0 ? text.join('; ') : 'no reason given';
}

/** What amplify assumes when `connection_ack` names no `connectionTimeoutMs`. */
const DEFAULT_KEEP_ALIVE_MS = 300_000;

let subscriptions = 0;

/**
 * Follows a check on its AppSync Events channel, `/checks/<tenant>/<checkId>`. AppSync keeps
 * no history, so after each subscribe succeeds the check is read once over REST: that read
 * is the snapshot the pushed events continue from, and anything published meanwhile is
 * either in it or arrives after it (the engine drops what it has).
 */
export function appSyncEventsTransport(options: AppSyncEventsTransportOptions): Transport {
  return {
    name: 'appsync-events',
    streams: true,
    async connect(context) {
      const token = await options.token();
      if (context.signal.aborted) return;
      const tenant = tenantOf(token);
      if (tenant === undefined) throw new TransportFailure('the token names no tenant (sub)', false);
      const authorization = authorizationOf(options.httpUrl, token);
      return new Promise<void>((resolve, reject) => {
        const socket = new options.WebSocket(options.realtimeUrl, subprotocolsOf(authorization));
        context.sent();
        const session = new Session(
          socket,
          context,
          options,
          authorization,
          checkChannelOf(tenant, context.checkId),
          (error) => (error ? reject(error) : resolve()),
        );
        session.listen();
      });
    },
  };
}

class Session {
  private opened = false;
  private acknowledged = false;
  /** The REST read after subscribing has been delivered: from here on, a jump in versions is a gap. */
  private snapshotTaken = false;
  private settled = false;
  private refused: number | undefined;
  private keepAlive: ReturnType<typeof setTimeout> | undefined;
  private keepAliveMs = DEFAULT_KEEP_ALIVE_MS;
  private reconnect: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptionId = `check-${Date.now().toString(36)}-${(subscriptions += 1)}`;

  constructor(
    private readonly socket: WebSocketLike,
    private readonly context: TransportContext,
    private readonly options: AppSyncEventsTransportOptions,
    private readonly authorization: EventsAuthorization,
    private readonly channel: string,
    private readonly done: (error?: Error) => void,
  ) {}

  listen(): void {
    const { socket, context } = this;
    context.signal.addEventListener('abort', () => this.finish(), { once: true });
    socket.addEventListener('open', () => {
      this.opened = true;
      this.send({ type: 'connection_init' });
    });
    socket.addEventListener('message', ({ data }) => this.receive(textOf(data)));
    socket.addEventListener('error', (event) => {
      this.refused ??= refusedStatus(event);
    });
    socket.addEventListener('close', ({ code, reason }) => {
      const why = `${code}${reason ? ` ${reason}` : ''}`;
      if (this.opened) this.finish(new TransportFailure(`closed by the server (${why})`, true));
      else if (this.refused !== undefined)
        this.finish(new TransportFailure(`upgrade refused (${this.refused})`, false));
      else this.finish(new TransportFailure(`could not connect (close ${why})`, true));
    });
  }

  private send(message: object): void {
    if (this.settled) return;
    this.context.sent();
    this.socket.send(JSON.stringify(message));
  }

  /** AppSync sends `ka` at least every `connectionTimeoutMs`; a silence that long means the link is dead. */
  private expectKeepAlive(): void {
    const timeoutMs = this.keepAliveMs;
    clearTimeout(this.keepAlive);
    this.keepAlive = setTimeout(
      () => this.finish(new TransportFailure(`no keep-alive within ${timeoutMs} ms`, true)),
      timeoutMs,
    );
  }

  private receive(text: string): void {
    if (this.settled) return;
    this.context.received(new TextEncoder().encode(text).byteLength);
    let message: {
      type?: unknown;
      id?: unknown;
      event?: unknown;
      connectionTimeoutMs?: unknown;
      errors?: unknown;
    };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return this.finish(new TransportFailure('a message is not JSON', false));
    }
    switch (message.type) {
      case 'connection_ack':
        return this.acknowledge(message.connectionTimeoutMs);
      case 'ka':
        if (this.acknowledged) this.expectKeepAlive();
        return;
      case 'subscribe_success':
        if (message.id === this.subscriptionId) void this.takeSnapshot();
        return;
      case 'data':
        if (message.id === this.subscriptionId) this.pushed(message.event);
        return;
      case 'connection_error':
        return this.finish(new TransportFailure(`connection refused: ${errorsOf(message)}`, false));
      case 'subscribe_error':
        return this.finish(
          new TransportFailure(`subscribe to ${this.channel} refused: ${errorsOf(message)}`, false),
        );
      case 'error':
        return this.finish(new TransportFailure(`the server answered an error: ${errorsOf(message)}`, false));
    }
  }

  private acknowledge(timeout: unknown): void {
    if (this.acknowledged) return;
    this.acknowledged = true;
    this.keepAliveMs = typeof timeout === 'number' && timeout > 0 ? timeout : DEFAULT_KEEP_ALIVE_MS;
    this.expectKeepAlive();
    this.reconnect = setTimeout(() => this.finish(), this.options.reconnectIntervalMs);
    this.send({
      type: 'subscribe',
      id: this.subscriptionId,
      channel: this.channel,
      authorization: this.authorization,
    });
  }

  /** Reads the check once the subscription is live, so no change falls between the two. */
  private async takeSnapshot(): Promise<void> {
    try {
      const { event } = await getCheck(this.options.http, this.context);
      if (this.settled) return;
      if (event === undefined)
        throw new TransportFailure('GET /checks/{id} answered 304 without If-None-Match', false);
      this.snapshotTaken = true;
      this.context.deliver(event, true);
      if (isFinal(event)) this.finish();
    } catch (error) {
      this.finish(error as Error);
    }
  }

  private pushed(payload: unknown): void {
    let event: unknown;
    try {
      event = typeof payload === 'string' ? JSON.parse(payload) : payload;
    } catch {
      return this.finish(new TransportFailure('an event is not JSON', false));
    }
    if (!isCheckCloudEvent(event) || event.subject !== this.context.checkId) return;
    // Before the snapshot, a pushed event may be ahead of what the watch has: not a gap.
    this.context.deliver(event, !this.snapshotTaken);
    if (isFinal(event)) this.finish();
  }

  private finish(error?: Error): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.keepAlive);
    clearTimeout(this.reconnect);
    if (this.socket.readyState <= 1) this.socket.close(1000);
    this.done(error);
  }
}

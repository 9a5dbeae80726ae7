import { setTimeout as delay } from 'node:timers/promises';
import type WebSocket from 'ws';
import { openSocket } from '../../../bench/ws/client-pool';
import { UpgradeRefused } from '../../e2e/support/ws-client';
import type { SnapshotStream } from './snapshot-stream';

/** Long enough for a request queued behind thousands of others on a loaded machine. */
const REQUEST_TIMEOUT_MS = 60_000;
/**
 * A `$connect` or message route can fail while many environments start at once on a small
 * machine (an init past Lambda's 10 s); a client retries that, as the project's client does.
 */
const ATTEMPTS = 4;
const RETRY_DELAY_MS = 1_000;

/** A failure the server may not repeat: a 5xx upgrade or API Gateway's error frame. */
export class TransientFailure extends Error {}

/** How often a subscriber had to retry, across the pool. */
export interface Retries {
  connects: number;
  /** Subscribes and pings sent again. */
  requests: number;
}

export async function withRetries<T>(attempt: () => Promise<T>, onRetry: () => void): Promise<T> {
  for (let tried = 1; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      const transient =
        error instanceof TransientFailure || (error instanceof UpgradeRefused && error.status >= 500);
      if (!transient || tried === ATTEMPTS) throw error;
      onRetry();
      await delay(RETRY_DELAY_MS * tried);
    }
  }
}

interface Pending {
  /** The check a subscribe names; undefined for a ping. */
  readonly checkId: string | undefined;
  readonly what: string;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface Message {
  readonly specversion?: unknown;
  readonly subject?: unknown;
  readonly type?: unknown;
  readonly checkId?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly data?: { readonly version?: unknown };
  /** API Gateway's own error frame, when the route's function failed or timed out. */
  readonly connectionId?: unknown;
  readonly check?: { readonly version?: unknown };
}

export function urlWithToken(wsUrl: string, token: string): string {
  const url = new URL(wsUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

/**
 * A bare `ws` client for the mass of subscribers: it keeps no messages, only hands each
 * check's versions to that check's stream, and sends one request at a time (an error reply
 * names no request, so only one may be in flight).
 */
export class RawSubscriber {
  private readonly streams = new Map<string, SnapshotStream>();
  private pending: Pending | undefined;
  private unknown = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('close', () =>
      this.pending?.reject(new Error(`The connection closed before ${this.pending.what} was answered`)),
    );
  }

  static async open(url: string, retries: Retries): Promise<RawSubscriber> {
    // Messages are events, so none is handed on before the promise continues and sets this.
    const subscriber: RawSubscriber = new RawSubscriber(
      await withRetries(
        () => openSocket(url, (text) => subscriber.take(text)),
        () => (retries.connects += 1),
      ),
    );
    return subscriber;
  }

  /** Messages that were neither a CloudEvent of a subscribed check nor a reply it expected. */
  get unexpectedMessages(): number {
    return this.unknown;
  }

  /** Subscribes, and again if the route failed: the snapshot is taken once it answers. */
  subscribe(checkId: string, stream: SnapshotStream, retries: Retries): Promise<void> {
    this.streams.set(checkId, stream);
    return withRetries(
      () => this.request({ action: 'subscribe', checkId }, checkId, `subscribe ${checkId}`),
      () => (retries.requests += 1),
    );
  }

  /** A ping through the message route, which starts its environments before the run needs them. */
  ping(retries: Retries): Promise<void> {
    return withRetries(
      () => this.request({ action: 'ping' }, undefined, 'ping'),
      () => (retries.requests += 1),
    );
  }

  private request(body: object, checkId: string | undefined, what: string): Promise<void> {
    if (this.pending !== undefined) throw new Error('One request at a time');
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => settle(new Error(`No answer to ${what} within ${REQUEST_TIMEOUT_MS} ms`)),
        REQUEST_TIMEOUT_MS,
      );
      const settle = (error?: Error) => {
        clearTimeout(timer);
        this.pending = undefined;
        if (error === undefined) resolve();
        else reject(error);
      };
      this.pending = { checkId, what, resolve: () => settle(), reject: settle };
      this.socket.send(JSON.stringify(body));
    });
  }

  /** Ends the connection at once: the run is over, nothing more is awaited. */
  terminate(): Promise<void> {
    const socket = this.socket;
    if (socket.readyState === socket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.terminate();
    });
  }

  private take(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      this.unknown += 1;
      return;
    }
    if (message.specversion !== undefined) {
      const stream = typeof message.subject === 'string' ? this.streams.get(message.subject) : undefined;
      const version = message.data?.version;
      if (stream === undefined || typeof version !== 'number') this.unknown += 1;
      else stream.pushed(version);
      return;
    }
    this.reply(message);
  }

  private reply(message: Message): void {
    const pending = this.pending;
    if (pending === undefined) {
      this.unknown += 1;
    } else if (message.type === 'pong' && pending.checkId === undefined) {
      pending.resolve();
    } else if (
      message.type === 'subscribed' &&
      pending.checkId !== undefined &&
      pending.checkId === message.checkId
    ) {
      const version = message.check?.version;
      if (typeof version !== 'number') return pending.reject(new Error('A snapshot without a version'));
      this.streams.get(pending.checkId)?.subscribed(version);
      pending.resolve();
    } else if (message.type === 'error') {
      pending.reject(new Error(`${pending.what}: ${String(message.code)} ${String(message.message)}`));
    } else if (message.type === undefined && message.connectionId !== undefined) {
      pending.reject(new TransientFailure(`${pending.what}: ${String(message.message)}`));
    } else {
      this.unknown += 1;
    }
  }
}

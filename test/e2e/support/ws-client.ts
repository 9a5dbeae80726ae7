import WebSocket from 'ws';
import type { Check } from '../../../lambda/checks/check';
import type { CheckCloudEvent } from '../../../lambda/shared/cloud-event';
import { isCloudEvent } from './contract';

/** What the server answers to a client message (the contract's WebSocket table). */
export type Reply =
  | { readonly type: 'subscribed'; readonly checkId: string; readonly check: Check }
  | { readonly type: 'unsubscribed'; readonly checkId: string }
  | { readonly type: 'pong' }
  | { readonly type: 'error'; readonly code: string; readonly message: string };

export interface ConnectOptions {
  /** Sent as `?token=`; omitted when undefined. */
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** The upgrade was answered with an HTTP status instead of 101. */
export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`The WebSocket upgrade was refused with HTTP ${status}`);
  }
}

function urlOf(wsUrl: string, token: string | undefined): string {
  if (token === undefined) return wsUrl;
  const url = new URL(wsUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

interface Waiter {
  readonly accepts: (message: unknown) => boolean;
  readonly resolve: (message: unknown) => void;
}

/**
 * A WebSocket client that queues what it receives, so a test can wait for a message that
 * matches, with a time limit, without losing the ones that arrive before it asks.
 */
export class WsClient {
  /** Every parsed message, in arrival order. */
  readonly received: unknown[] = [];
  private readonly unclaimed: unknown[] = [];
  private readonly waiters: Waiter[] = [];
  private closeCode: number | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.take(String(data)));
    socket.on('close', (code) => {
      this.closeCode = code;
    });
  }

  static connect(wsUrl: string, { token, headers = {}, timeoutMs = 10_000 }: ConnectOptions = {}) {
    return new Promise<WsClient>((resolve, reject) => {
      const socket = new WebSocket(urlOf(wsUrl, token), { headers, handshakeTimeout: timeoutMs });
      socket.once('unexpected-response', (_request, response) => {
        reject(new UpgradeRefused(response.statusCode ?? 0));
        response.resume();
        // Aborting the handshake emits an error that says nothing more than the status.
        socket.on('error', () => undefined);
        socket.terminate();
      });
      socket.once('error', reject);
      socket.once('open', () => {
        socket.off('error', reject);
        socket.on('error', () => undefined);
        resolve(new WsClient(socket));
      });
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN && this.closeCode === undefined;
  }

  /** Sends an object as JSON, or a string as is (for frames that must not be JSON). */
  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message not yet claimed that `accepts` matches, waiting for it if need be. */
  next<T = unknown>(accepts: (message: unknown) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
    const index = this.unclaimed.findIndex(accepts);
    if (index >= 0) return Promise.resolve(this.unclaimed.splice(index, 1)[0] as T);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        accepts,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as T);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; received ${this.describe()}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Sends a client message and waits for the server's answer (a message with a `type`). */
  request(message: unknown, timeoutMs = 10_000): Promise<Reply> {
    this.send(message);
    return this.next<Reply>(
      isReply,
      `the answer to ${typeof message === 'string' ? message : JSON.stringify(message)}`,
      timeoutMs,
    );
  }

  /** The CloudEvents of `checkId` received so far, claimed or not. */
  eventsOf(checkId: string): CheckCloudEvent[] {
    return this.received.filter(
      (message): message is CheckCloudEvent => isCloudEvent(message) && message.subject === checkId,
    );
  }

  /** Waits for the CloudEvent of `checkId` that `accepts` matches. */
  nextEvent(checkId: string, accepts: (event: CheckCloudEvent) => boolean, what: string, timeoutMs = 15_000) {
    return this.next<CheckCloudEvent>(
      (message) => isCloudEvent(message) && message.subject === checkId && accepts(message),
      what,
      timeoutMs,
    );
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  private take(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = text;
    }
    this.received.push(message);
    const waiter = this.waiters.find((candidate) => candidate.accepts(message));
    if (waiter === undefined) {
      this.unclaimed.push(message);
      return;
    }
    this.waiters.splice(this.waiters.indexOf(waiter), 1);
    waiter.resolve(message);
  }

  private describe(): string {
    return this.received.length === 0 ? 'nothing' : JSON.stringify(this.received).slice(0, 2000);
  }
}

/** An answer to a client message; CloudEvents have a `type` too, but also a `specversion`. */
export function isReply(message: unknown): message is Reply {
  return (
    typeof message === 'object' &&
    message !== null &&
    !isCloudEvent(message) &&
    typeof (message as { type?: unknown }).type === 'string'
  );
}

/** Connects and expects the upgrade to be refused; returns the HTTP status it was refused with. */
export async function refusedUpgradeStatus(wsUrl: string, options: ConnectOptions = {}): Promise<number> {
  let client: WsClient;
  try {
    client = await WsClient.connect(wsUrl, options);
  } catch (error) {
    if (error instanceof UpgradeRefused) return error.status;
    throw error;
  }
  await client.close();
  throw new Error('The WebSocket upgrade was accepted');
}

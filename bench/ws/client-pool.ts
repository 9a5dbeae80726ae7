import pLimit from 'p-limit';
import WebSocket from 'ws';
import { UpgradeRefused } from '../../test/e2e/support/ws-client';
import { nowMs } from '../process/clock';
import { messageKey } from './message-key';
import { handshake, payloadOf, PLAIN, socketArguments, type SocketDialect } from './socket-dialect';

/** Arrivals of one kind of message across the pool. */
interface Arrivals {
  readonly times: number[];
  /** Which clients (by their place in the pool) had one, so a duplicate is not a delivery. */
  readonly receivers: Set<number>;
  last: string;
}

interface Waiter {
  readonly key: string;
  readonly count: number;
  readonly resolve: () => void;
}

export interface OpenOptions {
  /** Handshakes in flight at once. */
  readonly concurrency?: number;
  readonly onProgress?: (opened: number, total: number) => void;
  /** The source address the sockets bind to (see `spread-connections.ts`). */
  readonly localAddress?: string;
  /** API Gateway's plain WebSocket unless told. */
  readonly dialect?: SocketDialect;
}

/**
 * Opens one client without compression (as API Gateway and AppSync), handing each message's
 * payload on once the dialect's handshake is done.
 */
export function openSocket(
  url: string,
  received: (text: string) => void,
  localAddress?: string,
  dialect: SocketDialect = PLAIN,
): Promise<WebSocket> {
  const { protocols, options } = socketArguments(dialect);
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, {
      ...options,
      perMessageDeflate: false,
      handshakeTimeout: 60_000,
      localAddress,
    });
    socket.once('unexpected-response', (_request, response) => {
      response.resume();
      socket.on('error', () => undefined);
      socket.terminate();
      reject(new UpgradeRefused(response.statusCode ?? 0));
    });
    socket.once('error', reject);
    socket.once('open', () => {
      handshake(socket, dialect).then(() => {
        socket.off('error', reject);
        socket.on('error', () => undefined);
        socket.on('message', (data) => received(payloadOf(String(data), dialect)));
        resolve(socket);
      }, reject);
    });
  });
}

/**
 * Many WebSocket clients in this process that note when each message arrives, keyed by
 * `messageKey`, so a benchmark can wait until every client has one message and read when each
 * got it, whether it arrived before or after the benchmark asked.
 */
export class ClientPool {
  private readonly arrivals = new Map<string, Arrivals>();
  private waiters: Waiter[] = [];
  private readonly sockets: WebSocket[] = [];

  private constructor() {}

  static async open(url: string, count: number, options: OpenOptions = {}): Promise<ClientPool> {
    const pool = new ClientPool();
    const limit = pLimit(options.concurrency ?? 50);
    let opened = 0;
    try {
      await Promise.all(
        Array.from({ length: count }, (_, client) =>
          limit(async () => {
            pool.sockets.push(
              await openSocket(
                url,
                (text) => pool.received(text, client),
                options.localAddress,
                options.dialect,
              ),
            );
            opened += 1;
            options.onProgress?.(opened, count);
          }),
        ),
      );
    } catch (error) {
      limit.clearQueue();
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.sockets.length;
  }

  /** Sends one message from every client, `window` at a time, each window waiting for `replyKey`. */
  async requestAll(message: string, replyKey: string, window: number, timeoutMs: number): Promise<void> {
    const before = this.count(replyKey);
    for (let start = 0; start < this.sockets.length; start += window) {
      const batch = this.sockets.slice(start, start + window);
      for (const socket of batch) socket.send(message);
      await this.waitFor(replyKey, before + start + batch.length, timeoutMs);
    }
  }

  count(key: string): number {
    return this.arrivals.get(key)?.times.length ?? 0;
  }

  /** When each message with this key arrived (epoch ms), in arrival order. */
  times(key: string): readonly number[] {
    return this.arrivals.get(key)?.times ?? [];
  }

  /** How many distinct clients have a message with this key. */
  receivers(key: string): number {
    return this.arrivals.get(key)?.receivers.size ?? 0;
  }

  /** The text of the last message with this key. */
  lastText(key: string): string | undefined {
    return this.arrivals.get(key)?.last;
  }

  /** Resolves once `count` messages with this key have arrived, in all. */
  waitFor(key: string, count: number, timeoutMs: number): Promise<void> {
    if (this.count(key) >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        reject(new Error(`Timed out after ${timeoutMs} ms: ${this.count(key)} of ${count} "${key}" arrived`));
      }, timeoutMs);
      const entry: Waiter = {
        key,
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(entry);
    });
  }

  /** Forgets the arrivals of a key, so a long run does not hold every time it ever took. */
  forget(key: string): void {
    this.arrivals.delete(key);
  }

  /** Ends every socket at once, without a closing handshake. */
  async close(): Promise<void> {
    await Promise.all(
      this.sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            socket.once('close', () => resolve());
            socket.terminate();
          }),
      ),
    );
    this.sockets.length = 0;
  }

  private received(text: string, client: number): void {
    const at = nowMs();
    const key = messageKey(text);
    if (key === undefined) return;
    let entry = this.arrivals.get(key);
    if (entry === undefined) {
      entry = { times: [], receivers: new Set(), last: text };
      this.arrivals.set(key, entry);
    }
    entry.times.push(at);
    entry.receivers.add(client);
    entry.last = text;
    if (this.waiters.length === 0) return;
    const done = this.waiters.filter((waiter) => waiter.key === key && entry.times.length >= waiter.count);
    if (done.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => !done.includes(waiter));
    for (const waiter of done) waiter.resolve();
  }
}

import { isUtf8 } from 'node:buffer';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { AuthorizerGrant } from './authorize';
import { IDLE_TIMEOUT, MAX_DURATION, type CloseCause } from './close-reasons';
import type { ConnectionRecord } from './connection-registry';
import { IncomingFrameLimits } from './frame-limits';
import type { ConnectionFacts } from './lambda-events';
import type { WebSocketLimits } from './model';

/**
 * One open client socket and what API Gateway enforces on it: the idle and lifetime timers,
 * the frame and message limits, and outgoing messages split into frames of at most
 * `maxFrameBytes`.
 */
export class LiveConnection {
  private closeCause: CloseCause | undefined;
  private dropped = false;
  /**
   * One timer for both limits, set for whichever comes first and set again when activity has
   * pushed the idle limit back: a second timer costs every idle connection ~200 bytes.
   */
  private timer: NodeJS.Timeout;
  private readonly lifetimeEndsAt: number;
  private lastActiveAt = Date.now();

  constructor(
    readonly facts: ConnectionFacts,
    readonly record: ConnectionRecord,
    readonly grant: AuthorizerGrant | undefined,
    private readonly socket: WebSocket,
    rawSocket: Duplex,
    private readonly limits: WebSocketLimits,
  ) {
    const frameLimits = new IncomingFrameLimits(limits.maxFrameBytes, limits.maxMessageBytes);
    // Ahead of `ws`'s own listener, so an oversized frame closes the socket before it is routed.
    rawSocket.prependListener('data', (chunk: Buffer) => {
      if (!this.isOpen) return;
      const cause = frameLimits.check(chunk);
      if (cause !== undefined) this.close(cause);
    });
    this.lifetimeEndsAt = this.lastActiveAt + limits.maxConnectionMs;
    this.timer = setTimeout(
      () => this.limitReached(),
      Math.min(limits.idleTimeoutMs, limits.maxConnectionMs),
    );
  }

  private limitReached(): void {
    const now = Date.now();
    if (now >= this.lifetimeEndsAt) return this.close(MAX_DURATION);
    const idleEndsAt = this.lastActiveAt + this.limits.idleTimeoutMs;
    if (now >= idleEndsAt) return this.close(IDLE_TIMEOUT);
    this.timer = setTimeout(() => this.limitReached(), Math.min(idleEndsAt, this.lifetimeEndsAt) - now);
  }

  get connectionId(): string {
    return this.facts.connectionId;
  }

  get isOpen(): boolean {
    return this.closeCause === undefined && !this.dropped && this.socket.readyState === WebSocket.OPEN;
  }

  /** Why the sandbox closed the socket, when it did. */
  get serverCloseCause(): CloseCause | undefined {
    return this.closeCause;
  }

  /** Dropped through the admin API: AWS never told the backend, so neither does the sandbox. */
  get wasDropped(): boolean {
    return this.dropped;
  }

  /** A message went either way: the idle limit starts again. */
  touch(): void {
    this.lastActiveAt = Date.now();
    this.record.lastActiveAt = new Date(this.lastActiveAt);
  }

  /** Sends a text frame when the data is UTF-8, else binary, in frames of at most `maxFrameBytes`. */
  send(data: string | Buffer): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const binary = !isUtf8(bytes);
    const frameBytes = this.limits.maxFrameBytes;
    const frames = Math.max(1, Math.ceil(bytes.length / frameBytes));
    return new Promise((resolve, reject) => {
      if (!this.isOpen) {
        reject(new Error(`Connection ${this.connectionId} is closed`));
        return;
      }
      for (let index = 0; index < frames; index += 1) {
        const fin = index === frames - 1;
        const frame = bytes.subarray(index * frameBytes, (index + 1) * frameBytes);
        this.socket.send(frame, { binary, fin }, (error) => {
          if (!fin) return;
          if (error) reject(error);
          else resolve();
        });
      }
      this.touch();
    });
  }

  close(cause: CloseCause): void {
    if (!this.isOpen) return;
    this.closeCause = cause;
    this.socket.close(cause.code, cause.reason);
  }

  /** Closes the closing handshake's loose end: a client that never answers is cut off. */
  closeWithin(cause: CloseCause, graceMs: number): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.terminate(), graceMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.close(cause);
    });
  }

  /** Cuts the TCP connection with no close frame, as a client that vanished would. */
  drop(): void {
    this.dropped = true;
    this.socket.terminate();
  }

  /** The socket closed: nothing more to time. */
  ended(): void {
    clearTimeout(this.timer);
  }
}

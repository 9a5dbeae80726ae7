import { isUtf8 } from 'node:buffer';
import { WebSocket } from 'ws';
import type { AuthorizerContextOfLaterEvents } from './lambda-events';
import type { CloseCause } from './close-reasons';
import type { ConnectionRecord } from './connection-registry';
import { IncomingFrameLimits } from './frame-limits';
import type { ConnectionFacts } from './lambda-events';
import type { WebSocketLimits } from './model';

/**
 * One open client socket and what API Gateway enforces on it: the frame and message limits,
 * and outgoing messages split into frames of at most `maxFrameBytes` (the stage's deadlines
 * time its idle and lifetime limits). It is at once the facts every event of the connection
 * repeats and the record the admin API lists, in one object: idle connections are what the
 * sandbox holds most of, and each object more costs each of them its header and fields.
 */
export class LiveConnection implements ConnectionFacts, ConnectionRecord {
  readonly api: ConnectionFacts['api'];
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  lastActiveAt: number;
  postsDelivered = 0;
  postsGone = 0;
  postsThrottled = 0;
  private closeCause: CloseCause | undefined;
  private dropped = false;
  private readonly frameLimits: IncomingFrameLimits;

  constructor(
    facts: ConnectionFacts,
    /** The `Host` the client connected with, which `$disconnect` repeats. */
    readonly host: string,
    /** `requestContext.authorizer` of its messages and `$disconnect`, made once. */
    readonly authorizer: AuthorizerContextOfLaterEvents | undefined,
    private readonly socket: WebSocket,
    private readonly limits: WebSocketLimits,
    private readonly deadlines: { touched(connection: LiveConnection): void },
  ) {
    this.api = facts.api;
    this.connectionId = facts.connectionId;
    this.connectedAt = facts.connectedAt;
    this.sourceIp = facts.sourceIp;
    this.userAgent = facts.userAgent;
    this.lastActiveAt = facts.connectedAt;
    this.frameLimits = new IncomingFrameLimits(limits.maxFrameBytes, limits.maxMessageBytes);
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

  /** Bytes the client sent, before `ws` reads them: an oversized frame closes the socket before it is routed. */
  received(chunk: Buffer): void {
    if (!this.isOpen) return;
    const cause = this.frameLimits.check(chunk);
    if (cause !== undefined) this.close(cause);
  }

  /** A message went either way: the idle limit starts again. */
  touch(): void {
    this.lastActiveAt = Date.now();
    this.deadlines.touched(this);
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
}

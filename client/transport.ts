import type { CheckCloudEvent, TransportName } from './types';

/** What the engine gives a transport for one connection. */
export interface TransportContext {
  readonly checkId: string;
  /** Aborted when the engine leaves this connection: the transport closes everything and stops. */
  readonly signal: AbortSignal;
  /** The newest version the watch has (or has queued): where a new request resumes. */
  lastVersion(): number | undefined;
  /** Hands an event over; `coalesced` says a jump in versions is normal on this path. */
  deliver(event: CheckCloudEvent, coalesced: boolean): void;
  /** Counts an HTTP request, a WebSocket connection opened or a message sent. */
  sent(): void;
  /** Counts bytes received; the first call tells the engine that the connection works. */
  received(bytes: number): void;
}

/** One way of following a check; the engine owns ordering, dedupe, retries and fallback. */
export interface Transport {
  readonly name: TransportName;
  /** A stream must deliver something within `firstEventTimeoutMs` of opening, or it is blocked. */
  readonly streams: boolean;
  /**
   * Runs one connection. Resolves when it ends normally (after the final event, or when the
   * server closes a stream: the engine reconnects); rejects with a TransportFailure, or with
   * a WatchError when the server refuses the watch itself.
   */
  connect(context: TransportContext): Promise<void>;
}

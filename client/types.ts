/**
 * The client's public types. The client is self-contained (no import from `lambda/`), so a
 * team can copy the folder; these mirror the contract in the README.
 */

export type TransportName = 'websocket' | 'appsync-events' | 'connect' | 'sse' | 'long-poll' | 'poll';

export type CheckEventType = 'check.created' | 'check.progress' | 'check.done' | 'check.failed';

export interface CheckState {
  readonly id: string;
  readonly status: 'processing' | 'done' | 'failed';
  readonly progress: number;
  readonly version: number;
  readonly target: string;
  readonly result?: unknown;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A CloudEvents 1.0 event, as every channel carries it; `id` is `<checkId>:<version>`. */
export interface CheckCloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: CheckEventType;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: CheckState;
}

/** The part of the WHATWG WebSocket the client uses: the browser's, Node 22's, or `ws`. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(
    type: 'close',
    listener: (event: { readonly code: number; readonly reason: string }) => void,
  ): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

export type WebSocketFactory = new (url: string, protocols?: string[]) => WebSocketLike;

/** Requests, bytes and events carried by one transport. */
export interface TransportCounters {
  /** HTTP requests made, WebSocket connections opened and messages sent. */
  readonly requests: number;
  /** Bytes received: bodies, stream chunks and WebSocket messages (a browser cannot see headers). */
  readonly bytes: number;
  /** Events delivered through this transport (duplicates dropped are not counted). */
  readonly events: number;
}

export interface WatchStats {
  /** The transport carrying the watch now; undefined before the first connects and after the end. */
  readonly transport: TransportName | undefined;
  readonly perTransport: Readonly<Record<TransportName, TransportCounters>>;
  readonly events: number;
  readonly duplicatesDropped: number;
  /** Times a gap in versions made the client refetch the check. */
  readonly gapsRefetched: number;
  readonly fallbacks: number;
  readonly reconnects: number;
  /** Per delivered event: arrival time minus the event's `time` (the committed change), in ms. */
  readonly latenciesMs: readonly number[];
}

export interface TransportChange {
  readonly from: TransportName | undefined;
  readonly to: TransportName;
  /** Why the previous transport was left, e.g. "upgrade refused (403)". */
  readonly reason?: string;
}

export interface WatchOptions {
  /** The REST API's base URL, e.g. `http://127.0.0.1:4010/prod/`. */
  readonly restUrl: string;
  /** The WebSocket API's URL; without it the `websocket` transport is skipped. */
  readonly wsUrl?: string;
  /**
   * The AppSync Events endpoints (the stack's `AppSyncEventsHttpUrl` and
   * `AppSyncEventsRealtimeUrl` outputs); without them `appsync-events` is skipped.
   */
  readonly appSyncEvents?: { readonly httpUrl: string; readonly realtimeUrl: string };
  /** A bearer token, or a function that returns a fresh one (called per connection). */
  readonly token: string | (() => string | Promise<string>);
  /**
   * Allowed transports, in order of preference. Default: websocket, appsync-events, sse, long-poll,
   * poll; `connect` (Connect's WatchCheck, protobuf) is used only when listed.
   */
  readonly transports?: readonly TransportName[];
  readonly signal?: AbortSignal;
  /** Default: `globalThis.WebSocket` (browsers, Node 22); pass `ws`'s class on Node 20. */
  readonly WebSocket?: WebSocketFactory;
  /** Default: `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Short polling interval. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Long polling `waitSeconds`. Default 20. */
  readonly longPollWaitSeconds?: number;
  /**
   * A stream (SSE or WebSocket) that delivers nothing within this time after it opens is
   * treated as blocked (e.g. a proxy that buffers the response), and the client falls back.
   * Default 5000 ms.
   */
  readonly firstEventTimeoutMs?: number;
  /** Transient failures in a row (network, 5xx) a transport may have before the next is tried. Default 3. */
  readonly maxRetries?: number;
  /** Backoff before a retry: a random delay up to min(max, base × 2^attempt). Default 500 ms. */
  readonly retryBaseDelayMs?: number;
  /** Default 10000 ms. */
  readonly retryMaxDelayMs?: number;
  /** WebSocket ping interval, below API Gateway's 10-minute idle timeout. Default 5 minutes. */
  readonly wsPingIntervalMs?: number;
  /** Planned WebSocket reconnect, before API Gateway's 2-hour connection limit. Default 110 minutes. */
  readonly wsReconnectIntervalMs?: number;
  /**
   * Planned AppSync Events reconnect. Default 23 hours; AppSync's connection lifetime is a
   * quota not confirmed here, and a connection it closes is reopened anyway.
   */
  readonly appSyncReconnectIntervalMs?: number;
  readonly onTransportChange?: (change: TransportChange) => void;
  /** Called after every request, message and event, for live counters. */
  readonly onStats?: (stats: WatchStats) => void;
}

/** The events of one check in version order, ending after `check.done` or `check.failed`. */
export interface CheckWatch extends AsyncIterable<CheckCloudEvent> {
  readonly transport: TransportName | undefined;
  stats(): WatchStats;
  /** Stops the watch: the iteration ends without error and every connection is closed. */
  cancel(): void;
}

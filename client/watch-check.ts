import { startEngine } from './engine';
import { getCheck, type HttpConfig } from './http';
import type { Transport } from './transport';
import { appSyncEventsTransport } from './transports/appsync-events';
import { connectTransport } from './transports/connect';
import { longPollTransport } from './transports/long-poll';
import { pollTransport } from './transports/poll';
import { sseTransport } from './transports/sse';
import { webSocketTransport } from './transports/websocket';
import type { CheckWatch, TransportName, WatchOptions, WebSocketFactory } from './types';

const DEFAULT_TRANSPORTS: readonly TransportName[] = [
  'websocket',
  'appsync-events',
  'sse',
  'long-poll',
  'poll',
];
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * Follows a check: its CloudEvents in version order, ending after `check.done` or
 * `check.failed`, over the first allowed transport that works.
 */
export function watchCheck(checkId: string, options: WatchOptions): CheckWatch {
  const token = options.token;
  const http: HttpConfig = {
    restUrl: options.restUrl.endsWith('/') ? options.restUrl : `${options.restUrl}/`,
    token: async () => (typeof token === 'function' ? token() : token),
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
  };
  const WebSocket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketFactory }).WebSocket;

  const transportOf = (name: TransportName): Transport | undefined => {
    switch (name) {
      case 'websocket':
        if (options.wsUrl === undefined || WebSocket === undefined) return undefined;
        return webSocketTransport({
          wsUrl: options.wsUrl,
          token: http.token,
          WebSocket,
          pingIntervalMs: options.wsPingIntervalMs ?? 5 * MINUTE_MS,
          reconnectIntervalMs: options.wsReconnectIntervalMs ?? 110 * MINUTE_MS,
        });
      case 'appsync-events':
        if (options.appSyncEvents === undefined || WebSocket === undefined) return undefined;
        return appSyncEventsTransport({
          ...options.appSyncEvents,
          token: http.token,
          WebSocket,
          http,
          reconnectIntervalMs: options.appSyncReconnectIntervalMs ?? 23 * HOUR_MS,
        });
      case 'connect':
        return connectTransport(http);
      case 'sse':
        return sseTransport(http);
      case 'long-poll':
        return longPollTransport(http, options.longPollWaitSeconds ?? 20);
      case 'poll':
        return pollTransport(http, options.pollIntervalMs ?? 1000);
    }
  };

  return startEngine({
    checkId,
    transports: (options.transports ?? DEFAULT_TRANSPORTS).flatMap((name) => transportOf(name) ?? []),
    signal: options.signal,
    firstEventTimeoutMs: options.firstEventTimeoutMs ?? 5000,
    maxRetries: options.maxRetries ?? 3,
    backoff: { baseDelayMs: options.retryBaseDelayMs ?? 500, maxDelayMs: options.retryMaxDelayMs ?? 10_000 },
    refetch: async (context) => {
      const { event } = await getCheck(http, context);
      if (event === undefined) throw new Error('GET /checks/{id} answered 304 without If-None-Match');
      return event;
    },
    onTransportChange: options.onTransportChange,
    onStats: options.onStats,
  });
}

import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { WebSocketFactory } from '../../../client/types';
import { e2eTarget, type AppSyncEventsEndpoints } from './endpoints';

/** The target's AppSync Events endpoints, or an error saying the target has none. */
export function appSyncEventsOf(): AppSyncEventsEndpoints {
  const target = e2eTarget();
  if (target.appSyncEvents === undefined) {
    throw new Error(
      `${target.describedAs} names no AppSync Events endpoints (appSyncEvents, or the stack's outputs)`,
    );
  }
  return target.appSyncEvents;
}

/**
 * `ws`, trusting the sandbox's CA when the target has one: its realtime endpoint is TLS
 * only, as AWS's is, with a certificate of the sandbox's own authority.
 */
export function appSyncWebSocket(): WebSocketFactory {
  const { caCertFile } = appSyncEventsOf();
  if (caCertFile === undefined) return WebSocket;
  const ca = readFileSync(caCertFile, 'utf8');
  return class TrustingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string[]) {
      super(url, protocols, { ca });
    }
  };
}

import WebSocket from 'ws';
import type { WebSocketFactory } from '../../../../client';

/**
 * `ws`'s class for one client, as `watchCheck` takes it: every connection it opens sends the
 * client's own User-Agent (which the sandbox's admin list shows, so the scenario finds the
 * connection's id) and is kept, so the scenario can destroy the socket under the client.
 */
export function recordingWebSocket(userAgent: string, opened: WebSocket[]): WebSocketFactory {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { headers: { 'User-Agent': userAgent }, perMessageDeflate: false });
      opened.push(this);
    }
  };
}

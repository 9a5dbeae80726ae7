import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionRegistry } from './connection-registry';
import { sendJson } from './http-responses';
import type { LiveConnection } from './live-connection';

export const ADMIN_PATH = '/_sandbox/connections';

/**
 * The sandbox's own view of its connections, for tests: `GET /_sandbox/connections` lists
 * them (open and recently closed, with the posts each received or missed), and
 * `POST /_sandbox/connections/{id}/drop` cuts one without `$disconnect`, the way a client
 * vanishes on AWS when its `$disconnect` is never delivered.
 */
export function handleAdminRequest(
  registry: ConnectionRegistry<LiveConnection>,
  request: IncomingMessage,
  response: ServerResponse,
  segments: readonly string[],
): void {
  if (segments.length === 0 && request.method === 'GET') {
    sendJson(response, 200, registry.summaries());
    return;
  }
  if (segments.length === 2 && segments[1] === 'drop' && request.method === 'POST') {
    const live = registry.live(segments[0]);
    if (live === undefined || live.wasDropped) {
      sendJson(response, 404, { message: `No open connection ${segments[0]}` });
      return;
    }
    live.drop();
    registry.markClosed(live.connectionId);
    response.writeHead(204);
    response.end();
    return;
  }
  sendJson(response, 404, { message: `No sandbox route ${request.method ?? ''} ${request.url ?? ''}` });
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionRegistry } from './connection-registry';
import { sendJson } from './http-responses';
import type { LiveConnection } from './live-connection';

export const ADMIN_PATH = '/_sandbox/connections';

export interface AdminApiDeps {
  readonly registry: ConnectionRegistry<LiveConnection>;
  /** The per-run secret a caller must send as `Authorization: Bearer <secret>`. */
  readonly adminSecret: string;
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: { code, message } });
}

/** Digests of equal length, so that the comparison takes the same time whatever the guess. */
function sameSecret(given: string, secret: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/** Answers 401 or 403 unless the request carries the admin secret; true when it may go on. */
function authorized(deps: AdminApiDeps, request: IncomingMessage, response: ServerResponse): boolean {
  const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
  if (match === null) {
    response.setHeader('WWW-Authenticate', 'Bearer realm="sandbox admin"');
    sendError(
      response,
      401,
      'Unauthorized',
      'The sandbox admin API needs Authorization: Bearer <sandbox.adminSecret of the endpoints file>',
    );
    return false;
  }
  if (!sameSecret(match[1] ?? '', deps.adminSecret)) {
    sendError(response, 403, 'Forbidden', "The bearer token is not this sandbox's admin secret");
    return false;
  }
  return true;
}

/**
 * The sandbox's own view of its connections, for tests: `GET /_sandbox/connections` lists
 * them (open and recently closed, with the posts each received or missed), and
 * `POST /_sandbox/connections/{id}/drop` cuts one without `$disconnect`, the way a client
 * vanishes on AWS when its `$disconnect` is never delivered. Both need the run's admin
 * secret, since anything on the machine (a webhook delivery, a page) can reach the port.
 */
export function handleAdminRequest(
  deps: AdminApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
  segments: readonly string[],
): void {
  if (!authorized(deps, request, response)) return;
  const { registry } = deps;
  if (segments.length === 0 && request.method === 'GET') {
    sendJson(response, 200, registry.summaries());
    return;
  }
  if (segments.length === 2 && segments[1] === 'drop' && request.method === 'POST') {
    const live = registry.live(segments[0]);
    if (live === undefined || live.wasDropped) {
      sendError(response, 404, 'NotFound', `No open connection ${segments[0]}`);
      return;
    }
    live.drop();
    registry.markClosed(live.connectionId);
    response.writeHead(204);
    response.end();
    return;
  }
  sendError(response, 404, 'NotFound', `No sandbox route ${request.method ?? ''} ${request.url ?? ''}`);
}

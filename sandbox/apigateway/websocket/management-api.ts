import type { IncomingMessage, ServerResponse } from 'node:http';
import { DELETED_BY_BACKEND } from './close-reasons';
import type { ConnectionRegistry } from './connection-registry';
import { readBody, sendAwsError, sendJson, setRequestId } from './http-responses';
import type { LiveConnection } from './live-connection';
import { sigV4Refusal, type SigV4Expectation } from '../../platform/sigv4-check';
import type { TokenBucket } from '../token-bucket';

export interface ManagementApiDeps {
  readonly registry: ConnectionRegistry<LiveConnection>;
  readonly maxMessageBytes: number;
  /** Who may call, as IAM decides on AWS: the identity the functions sign with. */
  readonly signer: SigV4Expectation;
  /** The account's request budget; undefined: never throttled. */
  readonly accountThrottle: TokenBucket | undefined;
}

/** AWS's 410 has no message: the SDK's error then says `UnknownError`, here as there. */
function gone(response: ServerResponse): void {
  sendAwsError(response, 410, 'GoneException', {});
}

/**
 * Over the account's throttle. The management API's model gives `LimitExceededException` no
 * members and AWS documents no body; the message is the THROTTLED gateway response's.
 */
function throttled(
  deps: ManagementApiDeps,
  response: ServerResponse,
  method: string | undefined,
  id: string,
): void {
  const record = deps.registry.record(id);
  if (method === 'POST' && record !== undefined) record.postsThrottled += 1;
  sendAwsError(response, 429, 'LimitExceededException', { message: 'Too Many Requests' });
}

async function post(deps: ManagementApiDeps, response: ServerResponse, id: string, data: Buffer) {
  const live = deps.registry.live(id);
  if (deps.registry.record(id) === undefined) return gone(response);
  try {
    if (live === undefined) throw new Error(`Connection ${id} is closed`);
    await live.send(data);
  } catch {
    // Looked up again: a connection that closed meanwhile has its record among the closed ones now.
    const record = deps.registry.record(id);
    if (record !== undefined) record.postsGone += 1;
    return gone(response);
  }
  live.postsDelivered += 1;
  response.writeHead(200, { 'Content-Length': 0 });
  response.end();
}

/**
 * The `@connections` API of one stage (`POST|GET|DELETE /{stage}/@connections/{id}`), as the
 * `ApiGatewayManagementApi` client calls it: only a request signed (SigV4) by the functions'
 * identity is served, every other gets the 403 API Gateway gives it.
 */
export async function handleManagementRequest(
  deps: ManagementApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
  connectionId: string,
): Promise<void> {
  setRequestId(response);
  const body = await readBody(request, deps.maxMessageBytes);
  if (body === undefined) {
    return sendAwsError(response, 413, 'PayloadTooLargeException', { message: 'Message too long' });
  }
  const received = { method: request.method ?? '', url: request.url ?? '/', headers: request.headers, body };
  const refusal = await sigV4Refusal(received, deps.signer);
  if (refusal !== undefined) {
    return sendAwsError(response, 403, refusal.errorType, { message: refusal.message });
  }
  if (deps.accountThrottle?.take() === false) return throttled(deps, response, request.method, connectionId);
  switch (request.method) {
    case 'POST':
      return post(deps, response, connectionId, body);
    case 'GET': {
      const live = deps.registry.live(connectionId);
      if (live === undefined || !live.isOpen) return gone(response);
      return sendJson(response, 200, {
        connectedAt: new Date(live.connectedAt).toISOString(),
        identity: {
          sourceIp: live.sourceIp,
          ...(live.userAgent === undefined ? {} : { userAgent: live.userAgent }),
        },
        lastActiveAt: new Date(live.lastActiveAt).toISOString(),
      });
    }
    case 'DELETE': {
      const live = deps.registry.live(connectionId);
      if (live === undefined || !live.isOpen) return gone(response);
      live.close(DELETED_BY_BACKEND);
      response.writeHead(204);
      response.end();
      return;
    }
    default:
      return sendAwsError(response, 403, 'ForbiddenException', { message: 'Forbidden' });
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { DELETED_BY_BACKEND } from './close-reasons';
import type { ConnectionRegistry } from './connection-registry';
import { readBody, sendAwsError, sendJson, setRequestId } from './http-responses';
import type { LiveConnection } from './live-connection';

export interface ManagementApiDeps {
  readonly registry: ConnectionRegistry<LiveConnection>;
  readonly maxMessageBytes: number;
}

/** AWS's 410 has no message: the SDK's error then says `UnknownError`, here as there. */
function gone(response: ServerResponse): void {
  sendAwsError(response, 410, 'GoneException', {});
}

async function post(deps: ManagementApiDeps, request: IncomingMessage, response: ServerResponse, id: string) {
  const data = await readBody(request, deps.maxMessageBytes);
  if (data === undefined) {
    sendAwsError(response, 413, 'PayloadTooLargeException', { message: 'Message too long' });
    return;
  }
  const record = deps.registry.record(id);
  const live = deps.registry.live(id);
  if (record === undefined) return gone(response);
  try {
    if (live === undefined) throw new Error(`Connection ${id} is closed`);
    await live.send(data);
  } catch {
    record.postsGone += 1;
    return gone(response);
  }
  record.postsDelivered += 1;
  response.writeHead(200, { 'Content-Length': 0 });
  response.end();
}

/**
 * The `@connections` API of one stage (`POST|GET|DELETE /{stage}/@connections/{id}`), as the
 * `ApiGatewayManagementApi` client calls it. SigV4 signatures are not checked.
 */
export async function handleManagementRequest(
  deps: ManagementApiDeps,
  request: IncomingMessage,
  response: ServerResponse,
  connectionId: string,
): Promise<void> {
  setRequestId(response);
  switch (request.method) {
    case 'POST':
      return post(deps, request, response, connectionId);
    case 'GET': {
      const live = deps.registry.live(connectionId);
      if (live === undefined || !live.isOpen) return gone(response);
      const { record } = live;
      return sendJson(response, 200, {
        connectedAt: record.connectedAt.toISOString(),
        identity: {
          sourceIp: record.sourceIp,
          ...(record.userAgent === undefined ? {} : { userAgent: record.userAgent }),
        },
        lastActiveAt: record.lastActiveAt.toISOString(),
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

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ADMIN_PATH, handleAdminRequest } from './admin-api';
import { sendAwsError } from './http-responses';
import { handleManagementRequest } from './management-api';
import type { Stage } from './stage';

function safelyDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The plain HTTP requests the stage's port answers: the sandbox's admin API, the stage's
 * `@connections` endpoint, and API Gateway's 403 for anything else.
 */
export function handleHttpRequest(stage: Stage, request: IncomingMessage, response: ServerResponse): void {
  const { api, registry, limits, log, connectionsSignature, adminSecret, accountThrottle } = stage;
  const { pathname } = new URL(request.url ?? '/', 'http://sandbox.invalid');
  const segments = pathname.split('/').slice(1).map(safelyDecoded);
  if (pathname === ADMIN_PATH || pathname.startsWith(`${ADMIN_PATH}/`)) {
    handleAdminRequest({ registry, adminSecret }, request, response, segments.slice(2));
    return;
  }
  if (segments.length === 3 && segments[0] === api.stageName && segments[1] === '@connections') {
    handleManagementRequest(
      {
        registry,
        maxMessageBytes: limits.maxMessageBytes,
        signer: connectionsSignature,
        accountThrottle,
      },
      request,
      response,
      segments[2],
    ).catch((error: unknown) => {
      log(`@connections ${request.method ?? ''} failed: ${String(error)}`);
      if (!response.headersSent) sendAwsError(response, 500, 'InternalServerErrorException', {});
      response.end();
    });
    return;
  }
  sendAwsError(response, 403, 'ForbiddenException', { message: 'Forbidden' });
}

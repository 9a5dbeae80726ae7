import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { DomainError, UnauthorizedError } from './errors';
import { TENANT_PATTERN } from './tenant';
import { requireEnv } from './env';
import { logger } from './logger';

/** `*`, or a comma-separated list of origins allowed to call the API from a browser. */
const allowedOrigins = requireEnv('ALLOWED_ORIGINS')
  .split(',')
  .map((origin) => origin.trim())
  .filter((origin) => origin !== '');

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  FORBIDDEN_URL: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
};

export type Headers = Record<string, string>;

/** Reads a request header whatever its case (HTTP headers are case-insensitive). */
export function header(event: Pick<APIGatewayProxyEvent, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/** API Gateway adds no CORS headers to proxy responses, so every response carries its own. */
export function corsHeaders(
  event: Pick<APIGatewayProxyEvent, 'headers'>,
  exposed: readonly string[] = ['ETag', 'Location', 'X-Check-Reads'],
): Headers {
  const expose = { 'Access-Control-Expose-Headers': exposed.join(', ') };
  if (allowedOrigins.includes('*')) return { 'Access-Control-Allow-Origin': '*', ...expose };
  const origin = header(event, 'origin');
  if (origin !== undefined && allowedOrigins.includes(origin)) {
    return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', ...expose };
  }
  return { Vary: 'Origin' };
}

/** The tenant the authorizer put in the request context. */
export function tenantOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): string {
  return checkTenant(event.requestContext.authorizer?.tenant);
}

/** `tenant` when it is one; a request without a tenant never reaches a store. */
export function checkTenant(tenant: unknown): string {
  if (typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant)) {
    throw new UnauthorizedError('The request carries no tenant');
  }
  return tenant;
}

export interface HttpResult {
  readonly statusCode: number;
  readonly body?: unknown;
  readonly headers?: Headers;
}

export function httpStatusOf(error: DomainError): number {
  return STATUS_BY_CODE[error.code] ?? 400;
}

/** The contract's error body; an unexpected error is logged and never described to the client. */
export function errorResult(error: unknown): HttpResult {
  if (error instanceof DomainError) {
    if (error instanceof UnauthorizedError) logger.info('Unauthorized request', { reason: error.message });
    const message = error instanceof UnauthorizedError ? 'Unauthorized' : error.message;
    return { statusCode: httpStatusOf(error), body: { error: { code: error.code, message } } };
  }
  logger.error('Unexpected error', { error: error as Error });
  return { statusCode: 500, body: { error: { code: 'INTERNAL', message: 'Internal error' } } };
}

/**
 * Adapts a function of the proxy event to a REST handler: JSON bodies, CORS on every
 * response, and domain errors mapped to their status codes.
 */
export function httpHandler(
  fn: (event: APIGatewayProxyEvent) => Promise<HttpResult>,
): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  return async (event) => {
    let result: HttpResult;
    try {
      result = await fn(event);
    } catch (error) {
      result = errorResult(error);
    }
    const hasBody = result.body !== undefined;
    return {
      statusCode: result.statusCode,
      headers: {
        ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
        ...corsHeaders(event),
        ...result.headers,
      },
      body: hasBody ? JSON.stringify(result.body) : '',
    };
  };
}

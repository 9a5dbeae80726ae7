import type { GatewayError } from '../gateway-errors';
import { mappedValue, type RequestValues } from './request-values';
import type { GatewayResponseModel } from './model';
import { renderReferences } from './vtl-references';

export interface RenderedResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** API Gateway's own templates, for response types the API does not customize. */
function defaultTemplate(type: string): string {
  return type === 'ACCESS_DENIED'
    ? '{"Message":$context.error.messageString}'
    : '{"message":$context.error.messageString}';
}

/**
 * Response types whose answer an API cannot change: AWS's "important notes for REST APIs" say
 * customizing the 413 REQUEST_TOO_LARGE response is not supported (a DEFAULT_4XX does not reach
 * it either), so the caller gets AWS's own body and no mapped headers.
 */
const NOT_CUSTOMIZABLE: ReadonlySet<string> = new Set(['REQUEST_TOO_LARGE']);

/**
 * The gateway response an error gets: the API's response for its type if it has one, else its
 * DEFAULT_4XX or DEFAULT_5XX (whose status code, if set, replaces every status of its class),
 * else AWS's default. Headers map from the request; the template renders `$context` and
 * `$stageVariables`, `$context.error.*` included.
 */
export function renderGatewayResponse(
  error: GatewayError,
  responses: Readonly<Record<string, GatewayResponseModel>>,
  request: RequestValues,
): RenderedResponse {
  const chosen = NOT_CUSTOMIZABLE.has(error.type)
    ? undefined
    : (responses[error.type] ?? responses[error.statusCode >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX']);
  const context = {
    ...request.context,
    'error.message': error.message ?? '',
    'error.messageString': JSON.stringify(error.message),
    'error.responseType': error.type,
    'error.validationErrorString': '',
  };
  const headers: Record<string, string> = {};
  for (const [name, expression] of Object.entries(chosen?.headers ?? {})) {
    const value = mappedValue(expression, { ...request, context });
    if (value !== undefined) headers[name] = value;
  }
  const templates = Object.entries(chosen?.templates ?? {});
  const [contentType, template] = templates.find(([type]) => type.toLowerCase() === 'application/json') ??
    templates[0] ?? ['application/json', defaultTemplate(error.type)];
  return {
    statusCode: chosen?.statusCode ?? error.statusCode,
    headers: { 'Content-Type': contentType, ...headers, 'x-amzn-ErrorType': error.errorType },
    body: renderReferences(template, { context, stageVariables: request.stageVariables }),
  };
}

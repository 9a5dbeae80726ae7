import { clientHeaders, mergeResponseHeaders, type HeaderList } from './response-headers';
import { isRecord } from '../../platform/is-record';

export type ParsedProxyResponse =
  | { readonly ok: true; readonly statusCode: number; readonly headers: HeaderList; readonly body: Buffer }
  | { readonly ok: false; readonly reason: string };

const KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

const isHeaderValue = (value: unknown): value is string | boolean =>
  typeof value === 'string' || typeof value === 'boolean';

/** A status code as Lambda proxy responses may give it: a number, or a string of digits. */
export function statusCodeOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return 200;
  const status = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599
    ? status
    : undefined;
}

function invalid(reason: string): ParsedProxyResponse {
  return { ok: false, reason };
}

/**
 * Checks a buffered Lambda proxy response (`statusCode`, `headers`, `multiValueHeaders`, `body`,
 * `isBase64Encoded`, nothing else) and turns it into what the client gets; anything else is a
 * "Malformed Lambda proxy response", which API Gateway answers with 502. A base64 body is
 * decoded only when the client accepts a binary media type.
 */
export function parseProxyResponse(payload: unknown, acceptsBinary: boolean): ParsedProxyResponse {
  if (!isRecord(payload)) return invalid('the response is not an object');
  const extra = Object.keys(payload).filter((key) => !KEYS.has(key));
  if (extra.length > 0) return invalid(`unexpected fields ${extra.join(', ')}`);
  const statusCode = statusCodeOf(payload.statusCode);
  if (statusCode === undefined) return invalid(`statusCode ${JSON.stringify(payload.statusCode)}`);
  const { headers, multiValueHeaders, body, isBase64Encoded } = payload;
  if (headers !== undefined && headers !== null) {
    if (!isRecord(headers) || !Object.values(headers).every(isHeaderValue)) return invalid('headers');
  }
  if (multiValueHeaders !== undefined && multiValueHeaders !== null) {
    const valid =
      isRecord(multiValueHeaders) &&
      Object.values(multiValueHeaders).every(
        (values) => Array.isArray(values) && values.every(isHeaderValue),
      );
    if (!valid) return invalid('multiValueHeaders');
  }
  if (body !== undefined && body !== null && typeof body !== 'string') return invalid('body is not a string');
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean') {
    return invalid('isBase64Encoded is not a boolean');
  }
  const text = body ?? '';
  return {
    ok: true,
    statusCode,
    headers: clientHeaders(
      mergeResponseHeaders(
        headers as Record<string, string | boolean> | null | undefined,
        multiValueHeaders as Record<string, Array<string | boolean>> | null | undefined,
      ),
    ),
    body: Buffer.from(text, isBase64Encoded === true && acceptsBinary ? 'base64' : 'utf8'),
  };
}

import { createHash, randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A stable id in API Gateway's style (lower-case alphanumerics) derived from a logical id, so
 * an API keeps its id, and its URLs, from one sandbox run to the next.
 */
export function resourceIdOf(logicalId: string, length: number): string {
  const digest = createHash('sha256').update(logicalId).digest();
  return Array.from(digest.subarray(0, length), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

/**
 * A connection, request or message id as API Gateway writes them (`BFHPhfCWIAMCKlQ=`): eleven
 * bytes in URL-safe base64 that keeps its padding, so clients meet the `=` they must URL-encode.
 */
export function newAwsId(): string {
  return `${randomBytes(11).toString('base64url')}=`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.requestTime`: `11/Nov/2024:11:35:24 +0000`. */
export function requestTimeOf(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

/** An `X-Amzn-Trace-Id` header value, as API Gateway adds to the requests it forwards. */
export function newTraceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

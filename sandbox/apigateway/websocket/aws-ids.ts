import { randomBytes } from 'node:crypto';

/**
 * A connection, request or message id as API Gateway writes them (`BFHPhfCWIAMCKlQ=`): eleven
 * bytes in URL-safe base64 that keeps its padding, so clients meet the `=` they must URL-encode.
 */
export function newAwsId(): string {
  return `${randomBytes(11).toString('base64url')}=`;
}

/** An `X-Amzn-Trace-Id` header value, as API Gateway adds to the requests it forwards. */
export function newTraceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

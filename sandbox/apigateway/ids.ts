import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** What `register*Apis` gives each API of the template, for the orchestrator to point at the local server. */
export interface RegisteredApi {
  readonly logicalId: string;
  readonly apiId: string;
  /** `https://{apiId}.execute-api.{region}.amazonaws.com/`: rewrite it to the local server's URL. */
  readonly executeApiUrl: string;
}

/**
 * A stable id of API Gateway's shape (lower-case letters and digits) for a template resource,
 * so URLs and ARNs stay the same from one sandbox run to the next.
 */
export function deterministicId(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  return Array.from(digest.subarray(0, length), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** `{apiId}.execute-api.{region}.amazonaws.com`, the host every deployed API answers on. */
export function executeApiDomainOf(apiId: string, region: string): string {
  return `${apiId}.execute-api.${region}.amazonaws.com`;
}

/** The execute-api base URL a deployed API answers on; stage paths follow it. */
export function executeApiBaseUrl(apiId: string, region: string): string {
  return `https://${executeApiDomainOf(apiId, region)}/`;
}

/**
 * A connection, request or message id as API Gateway writes them (`BFHPhfCWIAMCKlQ=`): eleven
 * bytes in URL-safe base64 that keeps its padding, so clients meet the `=` they must URL-encode.
 */
export function newAwsId(): string {
  return `${randomBytes(11).toString('base64url')}=`;
}

/** `Root=1-{epoch seconds, hex}-{96 random bits, hex}`, as API Gateway adds `X-Amzn-Trace-Id` to what it forwards. */
export function newTraceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

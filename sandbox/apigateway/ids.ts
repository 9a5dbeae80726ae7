import { createHash } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A stable id of API Gateway's shape (lower-case letters and digits) for a template resource,
 * so URLs and ARNs stay the same from one sandbox run to the next.
 */
export function deterministicId(seed: string, length: number): string {
  const digest = createHash('sha256').update(seed).digest();
  return Array.from(digest.subarray(0, length), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** The execute-api base URL a deployed REST API answers on; stage paths follow it. */
export function executeApiBaseUrl(apiId: string, region: string): string {
  return `https://${apiId}.execute-api.${region}.amazonaws.com/`;
}

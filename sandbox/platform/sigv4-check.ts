import type { SignatureV4 } from '@smithy/signature-v4';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sigV4Signer } from '../../lambda/shared/sigv4-signer';

/** The identity allowed to call `@connections`: the one every function of the sandbox gets. */
export interface SigningIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** When set, a request that sends `x-amz-security-token` must send this one. */
  readonly sessionToken?: string;
}

export interface SigV4Expectation {
  readonly identity: SigningIdentity;
  readonly region: string;
  readonly service: string;
}

/** A request as it arrived: the path and query still percent-encoded, the whole body read. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Uint8Array;
}

/** What API Gateway answers, with 403, to a request whose signature it refuses. */
export interface SigV4Refusal {
  readonly errorType:
    | 'MissingAuthenticationTokenException'
    | 'IncompleteSignatureException'
    | 'UnrecognizedClientException'
    | 'InvalidSignatureException';
  readonly message: string;
}

/** SigV4 lets a request reach AWS within five minutes of its time stamp, either way. */
const MAX_SKEW_MS = 5 * 60 * 1000;
const ALGORITHM = 'AWS4-HMAC-SHA256';
const AMZ_DATE = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/;

const refusal = (errorType: SigV4Refusal['errorType'], message: string): SigV4Refusal => ({
  errorType,
  message,
});

function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly scope: { readonly date: string; readonly region: string; readonly service: string };
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=a;b, Signature=<hex>`. */
function parseAuthorization(value: string): ParsedAuthorization | SigV4Refusal {
  if (!value.startsWith(`${ALGORITHM} `)) {
    return refusal('IncompleteSignatureException', `Authorization header must use ${ALGORITHM}`);
  }
  const fields = new Map(
    value
      .slice(ALGORITHM.length + 1)
      .split(',')
      .map((pair) => pair.trim().split('='))
      .filter((pair): pair is [string, string] => pair.length === 2),
  );
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !fields.get(name));
  if (missing.length > 0) {
    return refusal(
      'IncompleteSignatureException',
      missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' '),
    );
  }
  const credential = fields.get('Credential') ?? '';
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') {
    return refusal(
      'IncompleteSignatureException',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  return {
    accessKeyId,
    scope: { date, region, service },
    signedHeaders: (fields.get('SignedHeaders') ?? '').split(';'),
    signature: fields.get('Signature') ?? '',
  };
}

function amzDateOf(text: string | undefined): Date | undefined {
  const match = AMZ_DATE.exec(text ?? '');
  if (match === null) return undefined;
  const [, year, month, day, hours, minutes, seconds] = match.map(Number) as number[];
  return new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds));
}

const amzDateText = (date: Date): string => date.toISOString().replace(/[-:]|\.\d{3}/g, '');

/** The checks API Gateway makes before it computes the signature, in its words. */
function precheck(
  auth: ParsedAuthorization,
  request: ReceivedRequest,
  expected: SigV4Expectation,
  now: Date,
): SigV4Refusal | Date {
  const { identity } = expected;
  const token = headerText(request.headers, 'x-amz-security-token');
  const tokenIsWrong =
    token !== undefined && identity.sessionToken !== undefined && token !== identity.sessionToken;
  if (auth.accessKeyId !== identity.accessKeyId || tokenIsWrong) {
    return refusal('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  const dateText = headerText(request.headers, 'x-amz-date');
  const date = amzDateOf(dateText);
  if (dateText === undefined || date === undefined) {
    return refusal(
      'IncompleteSignatureException',
      "Authorization header requires existence of a valid 'X-Amz-Date' header (yyyyMMddTHHmmssZ).",
    );
  }
  if (auth.scope.date !== dateText.slice(0, 8)) {
    return refusal(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scope.date}' != '${dateText.slice(0, 8)}', from '${dateText}'.`,
    );
  }
  if (auth.scope.region !== expected.region) {
    return refusal(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${auth.scope.region}'.`,
    );
  }
  if (auth.scope.service !== expected.service) {
    return refusal(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${expected.service}'.`,
    );
  }
  if (!auth.signedHeaders.includes('host')) {
    return refusal('InvalidSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  return skewRefusal(dateText, date, now) ?? date;
}

/** A time stamp more than five minutes from the server's clock, either way, in API Gateway's words. */
function skewRefusal(dateText: string, date: Date, now: Date): SigV4Refusal | undefined {
  const skew = date.getTime() - now.getTime();
  if (skew < -MAX_SKEW_MS) {
    const limit = amzDateText(new Date(now.getTime() - MAX_SKEW_MS));
    return refusal(
      'InvalidSignatureException',
      `Signature expired: ${dateText} is now earlier than ${limit} (${amzDateText(now)} - 5 min.)`,
    );
  }
  if (skew > MAX_SKEW_MS) {
    const limit = amzDateText(new Date(now.getTime() + MAX_SKEW_MS));
    return refusal(
      'InvalidSignatureException',
      `Signature not yet current: ${dateText} is still later than ${limit} (${amzDateText(now)} + 5 min.)`,
    );
  }
  return undefined;
}

function queryOf(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const known = query[name];
    query[name] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
  }
  return query;
}

const signers = new WeakMap<SigV4Expectation, SignatureV4>();

/** One signer per expectation, so the signing key is derived once, not on every request. */
function signerFor(expected: SigV4Expectation): SignatureV4 {
  let signer = signers.get(expected);
  if (signer === undefined) {
    const { accessKeyId, secretAccessKey } = expected.identity;
    // The session token, when the caller sent one, is among the headers it signed.
    signer = sigV4Signer({ accessKeyId, secretAccessKey }, expected.region, expected.service, false);
    signers.set(expected, signer);
  }
  return signer;
}

/** The signature of the request as the caller should have computed it, over the headers it says it signed. */
async function expectedSignature(
  auth: ParsedAuthorization,
  request: ReceivedRequest,
  expected: SigV4Expectation,
  date: Date,
) {
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = headerText(request.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const [path = '/', search = ''] = request.url.split(/\?(.*)/s);
  const signer = signerFor(expected);
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers.host ?? '',
      path,
      query: queryOf(search),
      headers,
      body: request.body,
    },
    { signingDate: date, signableHeaders: new Set(auth.signedHeaders) },
  );
  return /Signature=([0-9a-f]+)/.exec(signed.headers.authorization ?? '')?.[1] ?? '';
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks a request's SigV4 signature as API Gateway does for an IAM-authorized call: the
 * caller's key, the time stamp (five minutes either way), the scope (region, service), the
 * body's hash, then the signature over the method, path, query and the headers it lists,
 * recomputed with the secret of the expected key and compared in constant time. Returns
 * undefined when the request may pass.
 */
export async function sigV4Refusal(
  request: ReceivedRequest,
  expected: SigV4Expectation,
  now: Date = new Date(),
): Promise<SigV4Refusal | undefined> {
  const header = headerText(request.headers, 'authorization');
  if (header === undefined || header === '') {
    return refusal('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const auth = parseAuthorization(header);
  if ('errorType' in auth) return auth;
  const date = precheck(auth, request, expected, now);
  if (!(date instanceof Date)) return date;
  const claimedHash = headerText(request.headers, 'x-amz-content-sha256');
  if (claimedHash !== undefined && claimedHash !== createHash('sha256').update(request.body).digest('hex')) {
    return refusal(
      'InvalidSignatureException',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  if (!sameText(auth.signature, await expectedSignature(auth, request, expected, date))) {
    return refusal(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return undefined;
}

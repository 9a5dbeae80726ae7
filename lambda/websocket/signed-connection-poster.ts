import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { extendedEncodeURIComponent } from '@smithy/core/protocols';
import type { SignatureV4 } from '@smithy/signature-v4';
import type { Agent as HttpAgent } from 'node:http';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { GoneConnectionError, type ConnectionPoster } from './connections';
import { keepAliveAgentFor, sendSigned, type HttpAnswer, type SignableRequest } from '../shared/signed-http';
import { sigV4Signer, type SigningCredentials } from '../shared/sigv4-signer';

export interface SignedConnectionPosterOptions {
  /** The stage's `https://{api}.execute-api.{region}.amazonaws.com/{stage}`. */
  readonly callbackUrl: string;
  readonly region: string;
  /** The SDK's default chain (the function's role on Lambda) unless given. */
  readonly credentials?: SigningCredentials;
  /** Attempts in all after a transient failure (5xx, a reset), the first included: the SDK's default is 3. */
  readonly maxAttempts?: number;
  /**
   * Attempts in all while throttled (429). More than the SDK's 3: a fan-out is meant to ride
   * the account's request rate, and a post given up on fails its whole shard or change.
   * @default 8
   */
  readonly maxThrottledAttempts?: number;
  readonly sleep?: (ms: number) => Promise<unknown>;
  readonly random?: () => number;
  readonly now?: () => Date;
}

/** A post API Gateway refused, named as the SDK names it (see errorTypeOf). */
export class ConnectionPostError extends Error {
  constructor(
    name: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
    this.name = name;
  }
}

// The SDK's standard retry strategy: these are throttling, the rest of its retryable set transient.
const THROTTLING_ERRORS = new Set([
  'LimitExceededException',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);
const NETWORK_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
const THROTTLING_DELAY_BASE_MS = 500;
const TRANSIENT_DELAY_BASE_MS = 100;
const MAX_DELAY_MS = 20_000;
/**
 * Throttled retries wait at most this long each, so eight attempts stay well inside the
 * notifier's and the poster's one-minute timeout (at most 26 s of waiting in all).
 */
const MAX_THROTTLED_DELAY_MS = 5_000;

/** The JSON error body API Gateway may send, in the casings the SDK accepts. */
interface ErrorBody {
  readonly message?: unknown;
  readonly Message?: unknown;
  readonly code?: unknown;
  readonly __type?: unknown;
}

function errorBodyOf(body: string): ErrorBody {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

const textOr = (value: unknown, fallback: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof fallback === 'string' ? fallback : undefined;

/**
 * The error's code as the SDK reads it: `x-amzn-ErrorType`, else the body's `code`, else its
 * `__type`; `ForbiddenException:http://…` and `aws.protocol#ForbiddenException` both name
 * `ForbiddenException`.
 */
function errorTypeOf(answer: HttpAnswer): string {
  const header = answer.headers['x-amzn-errortype'];
  const body = errorBodyOf(answer.body);
  const text = (Array.isArray(header) ? header[0] : header) ?? textOr(body.code, body.__type);
  return text?.split(':')[0].split('#').pop() ?? 'UnknownError';
}

function messageOf(answer: HttpAnswer): string {
  const body = errorBodyOf(answer.body);
  return textOr(body.message, body.Message) ?? 'UnknownError';
}

type RetryKind = 'throttled' | 'transient';

/** Why the failure is worth another try, or undefined when it is not. */
function retryKindOf(failure: HttpAnswer | Error): RetryKind | undefined {
  if (failure instanceof Error) {
    const code = (failure as NodeJS.ErrnoException).code;
    return code !== undefined && NETWORK_ERRORS.has(code) ? 'transient' : undefined;
  }
  if (failure.statusCode === 429 || THROTTLING_ERRORS.has(errorTypeOf(failure))) return 'throttled';
  return TRANSIENT_STATUSES.has(failure.statusCode) ? 'transient' : undefined;
}

const RETRY_POLICY: Readonly<Record<RetryKind, { readonly baseMs: number; readonly capMs: number }>> = {
  throttled: { baseMs: THROTTLING_DELAY_BASE_MS, capMs: MAX_THROTTLED_DELAY_MS },
  transient: { baseMs: TRANSIENT_DELAY_BASE_MS, capMs: MAX_DELAY_MS },
};

/**
 * Posts to `@connections` as `PostToConnectionCommand` does (same request, same signature,
 * same errors and retries) over one keep-alive agent, without the SDK's middleware stack,
 * for well under half the SDK's CPU per post: the notifier's fan-out is bound by that CPU.
 */
export class SignedConnectionPoster implements ConnectionPoster {
  private readonly url: URL;
  private readonly signer: SignatureV4;
  private readonly agent: HttpAgent;
  private readonly maxAttempts: Readonly<Record<RetryKind, number>>;
  private readonly sleep: (ms: number) => Promise<unknown>;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(options: SignedConnectionPosterOptions) {
    this.url = new URL(options.callbackUrl);
    this.signer = sigV4Signer(options.credentials ?? defaultProvider(), options.region, 'execute-api');
    this.agent = keepAliveAgentFor(this.url);
    this.maxAttempts = {
      transient: options.maxAttempts ?? 3,
      throttled: options.maxThrottledAttempts ?? 8,
    };
    this.sleep = options.sleep ?? sleepFor;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
  }

  async post(connectionId: string, data: string): Promise<void> {
    const body = Buffer.from(data);
    for (let attempt = 1; ; attempt += 1) {
      const answer = await this.send(connectionId, body).catch((error: Error) => error);
      if (!(answer instanceof Error) && answer.statusCode < 300) return;
      if (!(answer instanceof Error) && answer.statusCode === 410) {
        throw new GoneConnectionError(`Connection ${connectionId} is gone`);
      }
      const kind = retryKindOf(answer);
      if (kind === undefined || attempt >= this.maxAttempts[kind]) throw this.failure(answer);
      const { baseMs, capMs } = RETRY_POLICY[kind];
      await this.sleep(Math.floor(Math.min(capMs, this.random() * 2 ** (attempt - 1) * baseMs)));
    }
  }

  /** The request `PostToConnectionCommand` would send, signed. */
  private async signedRequest(connectionId: string, body: Buffer): Promise<SignableRequest> {
    const stagePath = this.url.pathname.replace(/\/$/, '');
    const request: SignableRequest = {
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port === '' ? undefined : Number(this.url.port),
      path: `${stagePath}/@connections/${extendedEncodeURIComponent(connectionId)}`,
      query: {},
      headers: {
        host: this.url.host,
        'content-type': 'application/octet-stream',
        'content-length': String(body.length),
      },
      body,
    };
    return this.signer.sign(request, { signingDate: this.now() });
  }

  private async send(connectionId: string, body: Buffer): Promise<HttpAnswer> {
    return sendSigned(this.agent, await this.signedRequest(connectionId, body), body);
  }

  private failure(answer: HttpAnswer | Error): Error {
    if (answer instanceof Error) return answer;
    return new ConnectionPostError(errorTypeOf(answer), messageOf(answer), answer.statusCode);
  }
}

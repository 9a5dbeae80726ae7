import { verify, X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isCheckCloudEvent } from '../cloud-event';
import type { CheckCloudEvent } from '../types';
import { stringToSign } from './sns-string-to-sign';

/**
 * Receiving SNS HTTP(S) deliveries in Node. Verification is written here with node:crypto:
 * the maintained npm package (sns-payload-validator) accepts certificates only from
 * sns.<region>.amazonaws.com, with no option, so it cannot verify the sandbox's messages,
 * whose certificate is served by the sandbox itself.
 */

interface SignedFields {
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Message: string;
  readonly Timestamp: string;
  readonly SignatureVersion: '1' | '2';
  readonly Signature: string;
  readonly SigningCertURL: string;
}

export interface SnsNotification extends SignedFields {
  readonly Type: 'Notification';
  readonly Subject?: string;
  readonly UnsubscribeURL: string;
  readonly MessageAttributes?: Readonly<Record<string, { readonly Type: string; readonly Value: string }>>;
}

export interface SnsConfirmation extends SignedFields {
  readonly Type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  readonly Token: string;
  readonly SubscribeURL: string;
}

export type SnsMessage = SnsNotification | SnsConfirmation;

export interface SnsVerifyOptions {
  /** Which certificate URLs to trust. Default: `https://sns.<region>.amazonaws.com[.cn]/SimpleNotificationService-….pem`. */
  readonly isTrustedCertificateUrl?: (url: URL) => boolean;
  /** Default: `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
}

/** A message that is not a well-formed SNS message (400), or whose signature does not hold (403). */
export class SnsVerificationError extends Error {
  override readonly name = 'SnsVerificationError';

  constructor(
    message: string,
    readonly kind: 'malformed' | 'untrusted',
  ) {
    super(message);
  }
}

const AWS_CERT_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
const AWS_CERT_PATH = /^\/SimpleNotificationService-[A-Za-z0-9]+\.pem$/;

export function isAwsCertificateUrl(url: URL): boolean {
  return url.protocol === 'https:' && AWS_CERT_HOST.test(url.hostname) && AWS_CERT_PATH.test(url.pathname);
}

const TYPES = new Set(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']);

function parseMessage(body: string | object): SnsMessage {
  let message: unknown = body;
  if (typeof body === 'string') {
    try {
      message = JSON.parse(body);
    } catch {
      throw new SnsVerificationError('The body is not JSON', 'malformed');
    }
  }
  const fields = message as Record<string, unknown> | null;
  if (typeof fields !== 'object' || fields === null || !TYPES.has(fields.Type as string)) {
    throw new SnsVerificationError('The body is not an SNS message (Type)', 'malformed');
  }
  const required = ['MessageId', 'TopicArn', 'Message', 'Timestamp', 'Signature', 'SigningCertURL'];
  if (fields.Type !== 'Notification') required.push('Token', 'SubscribeURL');
  const missing = required.filter((name) => typeof fields[name] !== 'string');
  if (missing.length > 0)
    throw new SnsVerificationError(`The SNS message lacks ${missing.join(', ')}`, 'malformed');
  if (fields.SignatureVersion !== '1' && fields.SignatureVersion !== '2') {
    throw new SnsVerificationError(
      `Unsupported SignatureVersion ${String(fields.SignatureVersion)}`,
      'untrusted',
    );
  }
  return fields as unknown as SnsMessage;
}

/** Certificates by URL; a failed download is forgotten so the next message tries again. */
const certificates = new Map<string, Promise<X509Certificate>>();

function certificateAt(url: string, fetchImpl: typeof fetch): Promise<X509Certificate> {
  let certificate = certificates.get(url);
  if (certificate === undefined) {
    certificate = (async () => {
      const response = await fetchImpl(url);
      if (!response.ok) throw new Error(`The signing certificate ${url} answered ${response.status}`);
      return new X509Certificate(await response.text());
    })();
    certificates.set(url, certificate);
    certificate.catch(() => certificates.delete(url));
  }
  return certificate;
}

/**
 * Parses and verifies an SNS message: its type, SignatureVersion 1 (SHA1withRSA) or 2
 * (SHA256withRSA), the certificate URL, and the signature over the fields AWS signs.
 * Throws SnsVerificationError when the message is malformed or not to be trusted.
 */
export async function verifySnsMessage(
  body: string | object,
  options: SnsVerifyOptions = {},
): Promise<SnsMessage> {
  const message = parseMessage(body);
  let certUrl: URL;
  try {
    certUrl = new URL(message.SigningCertURL);
  } catch {
    throw new SnsVerificationError('SigningCertURL is not a URL', 'malformed');
  }
  const trusted = (options.isTrustedCertificateUrl ?? isAwsCertificateUrl)(certUrl);
  if (!trusted) throw new SnsVerificationError(`Untrusted SigningCertURL ${certUrl.href}`, 'untrusted');
  const certificate = await certificateAt(certUrl.href, options.fetch ?? globalThis.fetch.bind(globalThis));
  const now = Date.now();
  if (now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo)) {
    throw new SnsVerificationError('The signing certificate is not valid now', 'untrusted');
  }
  const algorithm = message.SignatureVersion === '2' ? 'sha256' : 'sha1';
  const valid = verify(
    algorithm,
    Buffer.from(stringToSign(message as unknown as Record<string, unknown>), 'utf8'),
    certificate.publicKey,
    Buffer.from(message.Signature, 'base64'),
  );
  if (!valid) throw new SnsVerificationError('The signature does not match the message', 'untrusted');
  return message;
}

/** Confirms a subscription by fetching its SubscribeURL (verify the message first). */
export async function confirmSubscription(
  message: SnsConfirmation,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const response = await fetchImpl(message.SubscribeURL);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`Confirming the subscription answered ${response.status}`);
}

export interface SnsWebhookOptions extends SnsVerifyOptions {
  /** Called once per verified Notification; `event` is its Message when that is a check CloudEvent. */
  onNotification(message: SnsNotification, event: CheckCloudEvent | undefined): void | Promise<void>;
  onConfirmed?(message: SnsConfirmation): void;
  /** Larger bodies are refused with 413. Default 1 MiB (an SNS message is at most 256 KiB). */
  readonly maxBodyBytes?: number;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // The rest is read and dropped, so the client gets the 413 rather than a reset.
      if (size > limit) reject(new BodyTooLarge());
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function eventOf(message: SnsNotification): CheckCloudEvent | undefined {
  try {
    const event: unknown = JSON.parse(message.Message);
    return isCheckCloudEvent(event) ? event : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A `node:http` request listener for SNS deliveries: verifies each message, confirms
 * subscriptions, hands notifications over, and answers 200. A bad body answers 400, a bad
 * signature 403; a failure of ours answers 500, so SNS delivers again later.
 */
export function createSnsWebhookHandler(
  options: SnsWebhookOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const answer = (response: ServerResponse, status: number, text: string) => {
    if (!response.headersSent) response.writeHead(status, { 'Content-Type': 'text/plain' });
    response.end(text);
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'POST') return answer(response, 405, 'POST only');
    let message: SnsMessage;
    try {
      message = await verifySnsMessage(await readBody(request, options.maxBodyBytes ?? 1024 * 1024), options);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        response.setHeader('Connection', 'close');
        return answer(response, 413, 'Body too large');
      }
      if (error instanceof SnsVerificationError) {
        return answer(response, error.kind === 'malformed' ? 400 : 403, error.message);
      }
      throw error;
    }
    if (message.Type === 'SubscriptionConfirmation') {
      await confirmSubscription(message, options.fetch);
      options.onConfirmed?.(message);
    } else if (message.Type === 'Notification') {
      await options.onNotification(message, eventOf(message));
    }
    answer(response, 200, 'OK');
  };
  return (request, response) => {
    handle(request, response).catch(() => answer(response, 500, 'Could not handle the message'));
  };
}

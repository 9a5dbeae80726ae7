import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { request } from 'node:https';
import { WebSocket } from 'ws';

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** An HTTPS request that trusts only the sandbox's CA. */
export function httpsRequest(
  url: string,
  ca: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: init.method ?? 'POST', headers: init.headers, ca }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({
          status: response.statusCode ?? 0,
          body: text === '' ? undefined : (JSON.parse(text) as unknown),
        });
      });
    });
    sent.on('error', reject);
    sent.end(init.body);
  });
}

/** SigV4 headers for `POST {url}` with `body`, as an IAM publisher signs it for `appsync`. */
export async function signedHeaders(
  url: string,
  body: string,
  credentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox', sessionToken: 'sandbox' },
): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'appsync', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path: target.pathname,
    query: {},
    headers: { host: target.host, 'content-type': 'application/json' },
    body,
  });
  return signed.headers;
}

export const headerProtocol = (headers: Record<string, string>): string =>
  `header-${Buffer.from(JSON.stringify(headers)).toString('base64url')}`;

/** A raw realtime client: every message it receives, in order, and a way to wait for one. */
export class RealtimeClient {
  readonly messages: Array<Record<string, unknown>> = [];
  readonly socket: WebSocket;
  private readonly waiters: Array<() => void> = [];

  constructor(url: string, ca: string, authHeaders: Record<string, string>) {
    this.socket = new WebSocket(url, ['aws-appsync-event-ws', headerProtocol(authHeaders)], { ca });
    this.socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as Record<string, unknown>);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.socket.on('close', () => this.waiters.splice(0).forEach((wake) => wake()));
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The first message received that matches, waiting up to `timeoutMs` for it. */
  async next(
    predicate: (message: Record<string, unknown>) => boolean,
    timeoutMs = 10_000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found !== undefined) return found;
      if (this.socket.readyState === WebSocket.CLOSED)
        throw new Error(`Closed before: ${JSON.stringify(this.messages)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No such message in ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  closed(): Promise<number> {
    return this.socket.readyState === WebSocket.CLOSED
      ? Promise.resolve(0)
      : new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
  }

  close(): void {
    this.socket.close();
  }
}

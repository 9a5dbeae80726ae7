import type { SignatureV4 } from '@smithy/signature-v4';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export type SignableRequest = Parameters<SignatureV4['sign']>[0];

export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One keep-alive agent for `url`'s protocol: a TLS handshake per request would cost more than the request. */
export function keepAliveAgentFor(url: URL): HttpAgent {
  return url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
}

/** Sends a request SigV4 signed, exactly as signed, and reads the whole answer. */
export function sendSigned(agent: HttpAgent, signed: SignableRequest, body: Buffer): Promise<HttpAnswer> {
  const send = signed.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<HttpAnswer>((resolve, reject) => {
    const request = send(
      {
        agent,
        method: signed.method,
        hostname: signed.hostname,
        port: signed.port,
        path: signed.path,
        headers: signed.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            statusCode: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

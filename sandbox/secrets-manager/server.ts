import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { endpointUrl } from '../platform/url-host';
import { secretsManagerApi, type SandboxSecret } from './secrets-manager-api';

export type { SandboxSecret } from './secrets-manager-api';

export interface SecretsManagerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
  readonly secrets: readonly SandboxSecret[];
}

export interface SecretsManagerEndpoint {
  readonly endpoint: string;
  stop(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A Secrets Manager endpoint for the AWS SDK (`AWS_ENDPOINT_URL_SECRETS_MANAGER`): the AWS
 * JSON 1.1 protocol, `POST /` with `X-Amz-Target: secretsmanager.<Action>`. Requests are not
 * signature-checked.
 */
export async function startSecretsManager({
  port,
  host,
  secrets,
}: SecretsManagerOptions): Promise<SecretsManagerEndpoint> {
  const api = secretsManagerApi(secrets);
  const server = createServer((request, response) => {
    bodyOf(request).then(
      (body) => {
        const target = request.headers['x-amz-target'];
        const answer = api(Array.isArray(target) ? target[0] : target, body);
        response.writeHead(answer.status, { ...answer.headers, 'x-amzn-RequestId': randomUUID() });
        response.end(answer.body);
      },
      () => response.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    endpoint: endpointUrl(host, boundPort),
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

import { Writable } from 'node:stream';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { newCheck, type CheckUpdate, type StoredCheck } from '../../../lambda/domain/check';
import type { CheckStore } from '../../../lambda/domain/ports';

// Handlers read their configuration at module load, so a test imports this file before any handler.
Object.assign(process.env, {
  CHECKS_TABLE_NAME: 'checks-table',
  JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs',
});

export const TENANT = 'acme';
export const OTHER_TENANT = 'globex';
export const CHECK_ID = '5f0c2a4e-8b1d-4c3e-9a7f-1e2d3c4b5a69';
export const CREATED_AT = new Date('2026-01-02T03:04:05.000Z');

export function storedCheck(changes: Partial<StoredCheck> = {}): StoredCheck {
  const check = newCheck({
    id: CHECK_ID,
    tenant: TENANT,
    target: 'example.com',
    job: { steps: 3, stepMs: 10 },
    now: CREATED_AT,
  });
  return { ...check, ...changes };
}

/** The check as the worker leaves it after `version - 1` steps of its 3-step job. */
export function checkAt(version: number, changes: Partial<StoredCheck> = {}): StoredCheck {
  const status = version >= 4 ? 'done' : 'processing';
  const progress = Math.min(100, Math.round(((version - 1) / 3) * 100));
  const updatedAt = new Date(CREATED_AT.getTime() + (version - 1) * 1000).toISOString();
  return storedCheck({ version, status, progress, updatedAt, ...changes });
}

export interface RestEventOptions {
  readonly method?: string;
  readonly path?: string;
  readonly stagePath?: string;
  readonly resource?: string;
  readonly pathParameters?: Record<string, string> | null;
  readonly query?: Record<string, string> | null;
  readonly headers?: Record<string, string>;
  readonly body?: string | null;
  /** null: no authorizer context at all. */
  readonly tenant?: string | null;
}

/** A REST proxy event as API Gateway sends it: empty maps are null, the stage is in requestContext.path. */
export function restEvent(options: RestEventOptions = {}): APIGatewayProxyEvent {
  const {
    method = 'GET',
    path = `/checks/${CHECK_ID}`,
    stagePath = `/prod${path}`,
    resource = '/checks/{id}',
    pathParameters = { id: CHECK_ID },
    query = null,
    headers = {},
    body = null,
    tenant = TENANT,
  } = options;
  const multi = <T>(map: Record<string, T> | null) =>
    map === null ? null : Object.fromEntries(Object.entries(map).map(([key, value]) => [key, [value]]));
  return {
    resource,
    path,
    httpMethod: method,
    headers: { Host: 'api.example.com', ...headers },
    multiValueHeaders: multi({ Host: 'api.example.com', ...headers }) ?? {},
    queryStringParameters: query,
    multiValueQueryStringParameters: multi(query),
    pathParameters,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: tenant === null ? null : { principalId: tenant, integrationLatency: 0, tenant },
      protocol: 'HTTP/1.1',
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.7',
        user: null,
        userAgent: 'jest',
        userArn: null,
      },
      path: stagePath,
      stage: 'prod',
      requestId: 'request-1',
      requestTimeEpoch: CREATED_AT.getTime(),
      resourceId: 'res1',
      resourcePath: resource,
    },
  };
}

/** A Lambda context that only knows how much time is left. */
export function remaining(ms: number) {
  return { getRemainingTimeInMillis: () => ms };
}

/** Time that passes only when the code under test sleeps. */
export class FakeClock {
  readonly sleeps: number[] = [];
  private time: number;

  constructor(start = CREATED_AT.getTime()) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  readonly sleep = async (ms: number): Promise<void> => {
    if (ms < 0) throw new Error(`negative sleep ${ms}`);
    this.sleeps.push(ms);
    this.time += ms;
  };

  advance(ms: number): void {
    this.time += ms;
  }
}

/** The CheckStore contract, kept in a map: what the domain tests run against instead of mocks. */
export class InMemoryCheckStore implements CheckStore {
  readonly checks = new Map<string, StoredCheck>();

  async create(check: StoredCheck): Promise<void> {
    if (this.checks.has(check.id)) throw new Error(`Check ${check.id} exists`);
    this.checks.set(check.id, check);
  }

  async get(tenant: string, id: string): Promise<StoredCheck | undefined> {
    const check = this.checks.get(id);
    return check?.tenant === tenant ? check : undefined;
  }

  async update(id: string, expectedVersion: number, update: CheckUpdate): Promise<boolean> {
    const check = this.checks.get(id);
    if (check === undefined || check.version !== expectedVersion) return false;
    this.checks.set(id, { ...check, ...update });
    return true;
  }
}

export interface ResponseMetadata {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
}

/** Stands in for the runtime's response stream: keeps what was written and the prelude's metadata. */
export class FakeResponseStream extends Writable {
  readonly chunks: string[] = [];
  metadata: ResponseMetadata | undefined;

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString('utf8'));
    callback();
  }

  get body(): string {
    return this.chunks.join('');
  }
}

/** Parses a text/event-stream body into its events and comments. */
export function parseEventStream(body: string): Array<Record<string, string>> {
  return body
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) =>
      Object.fromEntries(
        block.split('\n').map((line) => {
          const colon = line.indexOf(':');
          return [
            line.slice(0, colon) === '' ? 'comment' : line.slice(0, colon),
            line.slice(colon + 1).trim(),
          ];
        }),
      ),
    );
}

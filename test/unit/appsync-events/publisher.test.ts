import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEventsPublisherHandler } from '../../../lambda/appsync-events/publisher';
import {
  publishEndpointOf,
  SignedEventPublisher,
} from '../../../lambda/appsync-events/signed-event-publisher';
import type { StoredCheck } from '../../../lambda/checks/check';
import { context, streamEvent, streamRecord } from '../support/lambda-events';
import { CHECK_ID, storedCheck, TENANT } from '../support/checks';

interface Received {
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly headers: IncomingMessage['headers'];
  readonly clientPort: number | undefined;
  readonly body: { channel: string; events: string[] };
}

/** Answers each POST with the next scripted answer (then 200 with all successful), and records it. */
class FakeEventApi {
  readonly received: Received[] = [];
  readonly script: { status: number; body: string }[] = [];
  private server: Server | undefined;

  async start(): Promise<URL> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as Received['body'];
        this.received.push({
          method: request.method,
          path: request.url,
          headers: request.headers,
          clientPort: request.socket.remotePort,
          body,
        });
        const answer = this.script.shift() ?? {
          status: 200,
          body: JSON.stringify({
            failed: [],
            successful: body.events.map((_, index) => ({ identifier: `id-${index}`, index })),
          }),
        };
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return new URL(`http://127.0.0.1:${(this.server.address() as AddressInfo).port}/event`);
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }

  /** The versions published, in the order they arrived. */
  versions(): number[] {
    return this.received.map(
      (r) => (JSON.parse(r.body.events[0]) as { data: { version: number } }).data.version,
    );
  }
}

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const atVersion = (version: number, changes: Partial<StoredCheck> = {}) =>
  storedCheck({
    version,
    progress: Math.min(100, (version - 1) * 25),
    updatedAt: `2026-01-02T03:04:0${version}.000Z`,
    ...changes,
  });
const change = (version: number) =>
  version === 1
    ? streamRecord('1', 'INSERT', atVersion(1))
    : streamRecord(String(version), 'MODIFY', atVersion(version), atVersion(version - 1));

let api: FakeEventApi;
let run: (
  ...records: Parameters<typeof streamEvent>
) => ReturnType<ReturnType<typeof createEventsPublisherHandler>>;

beforeEach(async () => {
  api = new FakeEventApi();
  const endpoint = await api.start();
  const publisher = new SignedEventPublisher({ endpoint, region: 'us-east-1', credentials: CREDENTIALS });
  const handler = createEventsPublisherHandler(publisher, 'checks');
  run = (...records) => handler(streamEvent(...records), context);
});

afterEach(() => api.stop());

it('posts each change’s CloudEvent, as a JSON string, to its check’s channel', async () => {
  expect(await run(change(1))).toEqual({ batchItemFailures: [] });
  expect(api.received).toHaveLength(1);
  const [{ method, path, body }] = api.received;
  expect({ method, path }).toEqual({ method: 'POST', path: '/event' });
  expect(body.channel).toBe(`/checks/${TENANT}/${CHECK_ID}`);
  expect(body.events).toHaveLength(1);
  expect(JSON.parse(body.events[0])).toMatchObject({
    specversion: '1.0',
    id: `${CHECK_ID}:1`,
    type: 'check.created',
    subject: CHECK_ID,
    data: { id: CHECK_ID, version: 1 },
  });
  expect(JSON.parse(body.events[0]).data).not.toHaveProperty('tenant');
});

it('signs each post with SigV4 for appsync in the function’s region, over one kept-alive connection', async () => {
  await run(change(1), change(2));
  for (const { headers } of api.received) {
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/appsync\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(headers['content-type']).toBe('application/json');
    expect(headers.connection).toBe('keep-alive');
  }
  expect(new Set(api.received.map((r) => r.clientPort)).size).toBe(1);
});

it('publishes a batch in stream order', async () => {
  expect(await run(change(1), change(2), change(3), change(4))).toEqual({ batchItemFailures: [] });
  expect(api.versions()).toEqual([1, 2, 3, 4]);
});

it('publishes nothing for a write that left the version alone, or a removal', async () => {
  const same = atVersion(2);
  await run(streamRecord('5', 'MODIFY', same, same), streamRecord('6', 'REMOVE', undefined, same));
  expect(api.received).toEqual([]);
});

it.each([
  ['an answer that is not 2xx', { status: 403, body: '{"errors":[{"errorType":"UnauthorizedException"}]}' }],
  ['a throttled answer', { status: 429, body: '' }],
  [
    'a 200 that lists the event as failed',
    {
      status: 200,
      body: JSON.stringify({
        failed: [{ identifier: 'x', index: 0, code: 400, message: 'Too big' }],
        successful: [],
      }),
    },
  ],
  ['a 200 whose body is not JSON', { status: 200, body: 'OK' }],
])('fails the record of %s and reports the rest untried, so the retry keeps the order', async (_, answer) => {
  api.script.push({ status: 200, body: JSON.stringify({ failed: [], successful: [{ index: 0 }] }) }, answer);
  const result = await run(change(1), change(2), change(3));
  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }, { itemIdentifier: '3' }] });
  expect(api.versions()).toEqual([1, 2]);
});

it('fails the record when the endpoint cannot be reached', async () => {
  await api.stop();
  expect(await run(change(1))).toEqual({ batchItemFailures: [{ itemIdentifier: '1' }] });
});

it('builds the HTTPS endpoint from the API’s Dns.Http host', () => {
  expect(publishEndpointOf('abc123.appsync-api.us-east-1.amazonaws.com').href).toBe(
    'https://abc123.appsync-api.us-east-1.amazonaws.com/event',
  );
});

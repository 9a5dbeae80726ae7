import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { GoneConnectionError } from '../../../lambda/websocket/connections';
import {
  SignedConnectionPoster,
  type SignedConnectionPosterOptions,
} from '../../../lambda/websocket/signed-connection-poster';
import { startRecordingServer, type RecordingServer } from './recording-server';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' };
const REGION = 'eu-west-1';
// API Gateway's ids end in `=`, which the path must carry escaped.
const CONNECTION_ID = 'L0SM9cOFvHcCIhw=';
const DATA = JSON.stringify({ type: 'check.done', id: 'c1:2' });
const THROTTLED = { status: 429, headers: { 'x-amzn-ErrorType': 'LimitExceededException' } };

let server: RecordingServer;
let sleeps: number[];

beforeEach(async () => {
  server = await startRecordingServer();
  sleeps = [];
});
afterEach(() => server.close());

function poster(
  overrides: Pick<SignedConnectionPosterOptions, 'now' | 'maxThrottledAttempts'> = {},
): SignedConnectionPoster {
  return new SignedConnectionPoster({
    callbackUrl: `${server.url}/prod`,
    region: REGION,
    credentials: CREDENTIALS,
    sleep: async (ms) => sleeps.push(ms),
    random: () => 0.5,
    ...overrides,
  });
}

/** The SDK adds these for its own bookkeeping, and signs them with the rest. */
const withoutBookkeeping: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> =
  (next) => async (args) => {
    const { headers } = args.request as { headers: Record<string, string> };
    for (const name of ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent']) delete headers[name];
    return next(args);
  };

/** What the SDK sends, less its bookkeeping headers. */
async function sdkRequest() {
  const client = new ApiGatewayManagementApiClient({
    endpoint: `${server.url}/prod`,
    region: REGION,
    credentials: CREDENTIALS,
  });
  client.middlewareStack.addRelativeTo(withoutBookkeeping, {
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
  });
  await client.send(new PostToConnectionCommand({ ConnectionId: CONNECTION_ID, Data: DATA }));
  client.destroy();
  return server.requests.splice(0)[0];
}

const amzDate = (text: string) =>
  new Date(text.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));

describe('SignedConnectionPoster', () => {
  it('sends the request PostToConnectionCommand sends, with the same Authorization', async () => {
    const sdk = await sdkRequest();

    await poster({ now: () => amzDate(String(sdk.headers['x-amz-date'])) }).post(CONNECTION_ID, DATA);

    const [mine] = server.requests;
    expect(mine.url).toBe('/prod/@connections/L0SM9cOFvHcCIhw%3D');
    expect({ method: mine.method, url: mine.url, body: mine.body }).toEqual({
      method: sdk.method,
      url: sdk.url,
      body: sdk.body,
    });
    for (const name of ['content-type', 'x-amz-content-sha256', 'x-amz-security-token', 'host']) {
      expect([name, mine.headers[name]]).toEqual([name, sdk.headers[name]]);
    }
    expect(mine.headers.authorization).toBe(sdk.headers.authorization);
  });

  it('posts the data and resolves on 200', async () => {
    await expect(poster().post(CONNECTION_ID, DATA)).resolves.toBeUndefined();

    expect(server.requests.map(({ body }) => body)).toEqual([DATA]);
  });

  it('throws GoneConnectionError on 410, without retrying', async () => {
    server.script({ status: 410, headers: { 'x-amzn-ErrorType': 'GoneException' } });

    await expect(poster().post(CONNECTION_ID, DATA)).rejects.toBeInstanceOf(GoneConnectionError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a throttled post with full-jitter exponential backoff, then succeeds', async () => {
    server.script(THROTTLED, { status: 429 });

    await expect(poster().post(CONNECTION_ID, DATA)).resolves.toBeUndefined();

    expect(server.requests).toHaveLength(3);
    // Half of the throttling base (500 ms), then half of twice that.
    expect(sleeps).toEqual([250, 500]);
  });

  it('gives up on a post still throttled after eight attempts, each wait capped at 5 s', async () => {
    server.script(...Array.from({ length: 9 }, () => THROTTLED));

    await expect(poster().post(CONNECTION_ID, DATA)).rejects.toMatchObject({
      name: 'LimitExceededException',
      statusCode: 429,
    });
    expect(server.requests).toHaveLength(8);
    expect(sleeps).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('takes as many throttled attempts as it is told', async () => {
    server.script(THROTTLED, THROTTLED, THROTTLED);

    await expect(poster({ maxThrottledAttempts: 2 }).post(CONNECTION_ID, DATA)).rejects.toMatchObject({
      statusCode: 429,
    });
    expect(server.requests).toHaveLength(2);
  });

  it('names a refusal by its x-amzn-ErrorType and does not retry it', async () => {
    server.script({
      status: 403,
      headers: { 'x-amzn-ErrorType': 'ForbiddenException:http://internal.amazon.com/coral/' },
      body: JSON.stringify({ message: 'Forbidden' }),
    });

    await expect(poster().post(CONNECTION_ID, DATA)).rejects.toMatchObject({
      name: 'ForbiddenException',
      message: 'Forbidden',
      statusCode: 403,
    });
    expect(server.requests).toHaveLength(1);
  });

  it("names a refusal with no x-amzn-ErrorType by its body's __type, as the SDK does", async () => {
    server.script({
      status: 413,
      body: JSON.stringify({ __type: 'aws.protocol#PayloadTooLargeException', Message: 'Too big' }),
    });

    await expect(poster().post(CONNECTION_ID, DATA)).rejects.toMatchObject({
      name: 'PayloadTooLargeException',
      message: 'Too big',
      statusCode: 413,
    });
  });

  it('retries a 500 as the SDK does, then fails with it', async () => {
    const failure = { status: 500, headers: { 'x-amzn-ErrorType': 'InternalServerErrorException' } };
    server.script(failure, failure, failure);

    await expect(poster().post(CONNECTION_ID, DATA)).rejects.toMatchObject({
      name: 'InternalServerErrorException',
      statusCode: 500,
    });
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it('keeps one connection alive for many posts', async () => {
    const lean = poster();
    for (let i = 0; i < 5; i += 1) await lean.post(`${CONNECTION_ID}${i}`, DATA);

    expect(new Set(server.requests.map(({ clientPort }) => clientPort)).size).toBe(1);
  });
});

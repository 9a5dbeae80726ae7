import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { RealtimeClient } from './support/clients';
import { SANDBOX_CALLER, startHarness, type Harness } from './support/harness';

let harness: Harness;
const clients: RealtimeClient[] = [];

beforeAll(async () => {
  harness = await startHarness({}, (api) => ({
    ...api,
    connectionAuthModes: ['AWS_IAM'],
    namespaces: new Map([
      ['checks', { name: 'checks', publishAuthModes: ['AWS_IAM'], subscribeAuthModes: ['AWS_IAM'] }],
    ]),
  }));
});

afterEach(() => clients.splice(0).forEach((client) => client.close()));
afterAll(() => harness.server.stop());

/** The headers amplify's IAM mode sends: `POST /event` with `payload`, signed for `appsync`. */
async function iamHeaders(payload: string, secretAccessKey = SANDBOX_CALLER.secretAccessKey) {
  const { host } = new URL(harness.server.httpUrl);
  const signer = new SignatureV4({
    credentials: { ...SANDBOX_CALLER, secretAccessKey },
    region: 'us-east-1',
    service: 'appsync',
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'https:',
    hostname: host,
    path: '/event',
    headers: {
      host,
      accept: 'application/json, text/javascript',
      'content-encoding': 'amz-1.0',
      'content-type': 'application/json; charset=UTF-8',
    },
    body: payload,
  });
  return signed.headers;
}

async function connected(secret?: string): Promise<RealtimeClient> {
  const client = new RealtimeClient(
    harness.server.realtimeUrl,
    harness.tls.caCertPem,
    await iamHeaders('{}', secret),
  );
  clients.push(client);
  await client.opened();
  client.send({ type: 'connection_init' });
  return client;
}

describe('IAM on the realtime endpoint', () => {
  it('connects and subscribes with what an IAM client signs: {} to connect, the channel to subscribe', async () => {
    const client = await connected();
    await client.next((message) => message.type === 'connection_ack');
    const channel = '/checks/a/1';
    client.send({
      type: 'subscribe',
      id: 's',
      channel,
      authorization: await iamHeaders(JSON.stringify({ channel })),
    });
    expect(await client.next((message) => message.id === 's')).toEqual({
      type: 'subscribe_success',
      id: 's',
    });

    client.send({
      type: 'subscribe',
      id: 'other-body',
      channel: '/checks/a/2',
      authorization: await iamHeaders(JSON.stringify({ channel })),
    });
    expect(await client.next((message) => message.id === 'other-body')).toMatchObject({
      type: 'subscribe_error',
      // The signed body is the subscribe's own: signed over another channel, its hash does not match.
      errors: [
        { errorType: 'UnauthorizedException', message: expect.stringContaining('x-amz-content-sha256') },
      ],
    });
  });

  it('refuses a connection signed with another secret', async () => {
    const client = await connected('not-the-secret');
    expect(await client.next((message) => message.type === 'connection_error')).toMatchObject({
      errors: [{ errorType: 'UnauthorizedException' }],
    });
  });
});

import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IncomingHttpHeaders } from 'node:http';
import {
  sigV4Refusal,
  type ReceivedRequest,
  type SigV4Expectation,
} from '../../../sandbox/platform/sigv4-check';

const EXPECTED: SigV4Expectation = {
  identity: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox', sessionToken: 'sandbox' },
  region: 'us-east-1',
  service: 'execute-api',
};
const NOW = new Date('2026-12-03T12:00:00Z');
const PATH = '/production/@connections/abc%3D';
const BODY = '{"type":"check.done"}';

interface SignOptions {
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly region?: string;
  readonly service?: string;
  readonly date?: Date;
  readonly method?: string;
  readonly body?: string;
}

/** A request signed the way the SDK's `ApiGatewayManagementApiClient` signs one, as the server receives it. */
async function signed(options: SignOptions = {}): Promise<ReceivedRequest> {
  const body = options.body ?? BODY;
  const signer = new SignatureV4({
    credentials: options.credentials ?? {
      accessKeyId: 'sandbox',
      secretAccessKey: 'sandbox',
      sessionToken: 'sandbox',
    },
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'execute-api',
    sha256: Sha256,
  });
  const request = await signer.sign(
    {
      method: options.method ?? 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4011,
      path: PATH,
      query: {},
      headers: {
        host: '127.0.0.1:4011',
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    },
    { signingDate: options.date ?? NOW },
  );
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return { method: request.method, url: PATH, headers, body: Buffer.from(body) };
}

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe('sigV4Refusal', () => {
  it('lets through a request signed with the functions’ key and session token', async () => {
    expect(await sigV4Refusal(await signed(), EXPECTED, NOW)).toBeUndefined();
  });

  it('lets through a request signed with the key alone, as a client outside the functions signs', async () => {
    const request = await signed({ credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
    expect(request.headers['x-amz-security-token']).toBeUndefined();
    expect(await sigV4Refusal(request, EXPECTED, NOW)).toBeUndefined();
  });

  it('agrees with the get-vanilla case of the AWS SigV4 test suite', async () => {
    const request: ReceivedRequest = {
      method: 'GET',
      url: '/',
      headers: {
        host: 'example.amazonaws.com',
        'x-amz-date': '20150830T123600Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
          'SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
      },
      body: new Uint8Array(),
    };
    const expected: SigV4Expectation = {
      identity: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
      region: 'us-east-1',
      service: 'service',
    };
    expect(await sigV4Refusal(request, expected, new Date('2015-08-30T12:36:00Z'))).toBeUndefined();
  });

  it('answers a request with no signature as API Gateway does: Missing Authentication Token', async () => {
    const request = await signed();
    const headers = { ...request.headers };
    delete headers.authorization;
    expect(await sigV4Refusal({ ...request, headers }, EXPECTED, NOW)).toEqual({
      errorType: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
  });

  it('refuses a bearer token, or a credential without its five parts, as an incomplete signature', async () => {
    const request = await signed();
    const bearer = { ...request, headers: { ...request.headers, authorization: 'Bearer secret' } };
    expect((await sigV4Refusal(bearer, EXPECTED, NOW))?.errorType).toBe('IncompleteSignatureException');
    const authorization = String(request.headers.authorization).replace('/aws4_request', '');
    const short = { ...request, headers: { ...request.headers, authorization } };
    expect(await sigV4Refusal(short, EXPECTED, NOW)).toEqual({
      errorType: 'IncompleteSignatureException',
      message: expect.stringMatching(/^Credential must have exactly 5 slash-delimited elements/),
    });
  });

  it('refuses another access key, or another session token, as an unrecognized client', async () => {
    const other = await signed({ credentials: { accessKeyId: 'intruder', secretAccessKey: 'sandbox' } });
    const token = await signed({
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox', sessionToken: 'forged' },
    });
    for (const request of [other, token]) {
      expect(await sigV4Refusal(request, EXPECTED, NOW)).toEqual({
        errorType: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      });
    }
  });

  it('refuses a signature made with another secret', async () => {
    const request = await signed({ credentials: { accessKeyId: 'sandbox', secretAccessKey: 'guessed' } });
    expect(await sigV4Refusal(request, EXPECTED, NOW)).toEqual({
      errorType: 'InvalidSignatureException',
      message: expect.stringMatching(
        /^The request signature we calculated does not match the signature you provided/,
      ),
    });
  });

  it('refuses a signed request whose path, method or body changed afterwards', async () => {
    const request = await signed();
    const headers = { ...request.headers };
    delete headers['x-amz-content-sha256'];
    const changed: ReceivedRequest[] = [
      { ...request, url: '/production/@connections/other%3D' },
      { ...request, method: 'DELETE' },
      { ...request, body: Buffer.from('{"type":"forged"}') },
      // Without the body's hash among the headers, the signature still covers the body.
      {
        ...request,
        headers: {
          ...headers,
          authorization: String(request.headers.authorization).replace('x-amz-content-sha256;', ''),
        },
        body: Buffer.from('{"type":"forged"}'),
      },
    ];
    for (const request of changed) {
      expect((await sigV4Refusal(request, EXPECTED, NOW))?.errorType).toBe('InvalidSignatureException');
    }
  });

  it('refuses a signature scoped to another region or service', async () => {
    expect(await sigV4Refusal(await signed({ region: 'eu-west-1' }), EXPECTED, NOW)).toEqual({
      errorType: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'eu-west-1'.",
    });
    expect(await sigV4Refusal(await signed({ service: 'sns' }), EXPECTED, NOW)).toEqual({
      errorType: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'execute-api'.",
    });
  });

  it('takes a time stamp up to five minutes off, either way, and refuses one further off', async () => {
    expect(await sigV4Refusal(await signed({ date: minutes(-4.9) }), EXPECTED, NOW)).toBeUndefined();
    expect(await sigV4Refusal(await signed({ date: minutes(4.9) }), EXPECTED, NOW)).toBeUndefined();
    expect(await sigV4Refusal(await signed({ date: minutes(-6) }), EXPECTED, NOW)).toEqual({
      errorType: 'InvalidSignatureException',
      message:
        'Signature expired: 20261203T115400Z is now earlier than 20261203T115500Z (20261203T120000Z - 5 min.)',
    });
    expect(await sigV4Refusal(await signed({ date: minutes(6) }), EXPECTED, NOW)).toEqual({
      errorType: 'InvalidSignatureException',
      message:
        'Signature not yet current: 20261203T120600Z is still later than 20261203T120500Z (20261203T120000Z + 5 min.)',
    });
  });
});

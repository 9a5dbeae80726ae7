import { clearCaches } from '@aws-lambda-powertools/parameters';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { SignJWT, type JWTPayload } from 'jose';
import { REST_STAGE, requestEvent, SECRET, tokenEvent, WS_METHOD_ARN, WS_STAGE } from './support';
import { issueToken } from '../../../lambda/auth/tokens';
import { handler } from '../../../lambda/auth/authorizer';
import { logger } from '../../../lambda/shared/logger';
import { ENV } from '../env';

const secrets = mockClient(SecretsManagerClient);

function allowed(tenant: string, resource: string) {
  return {
    principalId: tenant,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: resource }],
    },
    context: { tenant },
  };
}

/** A token signed like ours, with one claim changed. */
function signed(changes: {
  secret?: string;
  subject?: string;
  issuer?: string;
  audience?: string;
  expires?: number;
  issuedAt?: number;
}) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(changes.issuer ?? 'realtime-checks')
    .setAudience(changes.audience ?? 'realtime-checks')
    .setIssuedAt(changes.issuedAt ?? now - 7200)
    .setExpirationTime(changes.expires ?? now + 3600);
  if (changes.subject !== undefined) jwt.setSubject(changes.subject);
  return jwt.sign(new TextEncoder().encode(changes.secret ?? SECRET));
}

/** Signs the claims as they are, of whatever type, with our secret. */
function signedClaims(claims: Record<string, unknown>) {
  return new SignJWT(claims as JWTPayload)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(SECRET));
}

/** The maximum lifetime the unit tests' environment configures. */
const MAX_LIFETIME = Number(ENV.TOKEN_MAX_LIFETIME_SECONDS);

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Our claims, valid for an hour, with `changes` on top; an undefined change drops the claim. */
function claimsOf(changes: Record<string, unknown>): Record<string, unknown> {
  const claims: Record<string, unknown> = {
    sub: 'acme',
    iss: 'realtime-checks',
    aud: 'realtime-checks',
    iat: nowSeconds(),
    exp: nowSeconds() + 3600,
    ...changes,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

let token: string;

beforeAll(async () => {
  token = await issueToken(SECRET, 'acme', '1h', MAX_LIFETIME);
});

beforeEach(() => {
  secrets.reset();
  clearCaches();
  secrets.on(GetSecretValueCommand, { SecretId: ENV.TOKEN_SECRET_ARN }).resolves({ SecretString: SECRET });
  jest.restoreAllMocks();
});

describe('TOKEN events (the Authorization header)', () => {
  it('allows a valid bearer token on every route of the stage, passing the tenant on', async () => {
    await expect(handler(tokenEvent(`Bearer ${token}`))).resolves.toEqual(allowed('acme', REST_STAGE));
  });

  it('takes the scheme in any case', async () => {
    await expect(handler(tokenEvent(`bearer ${token}`))).resolves.toEqual(allowed('acme', REST_STAGE));
  });

  const bearer = async (jwt: Promise<string>) => `Bearer ${await jwt}`;

  it.each([
    ['an empty header', async () => ''],
    ['a token without the Bearer scheme', async () => token],
    ['garbage', async () => 'Bearer not.a.jwt'],
    [
      'a token signed with another secret',
      () => bearer(signed({ subject: 'acme', secret: 'another-secret-of-at-least-thirty-two-chars' })),
    ],
    [
      'an expired token',
      () => bearer(signed({ subject: 'acme', expires: Math.floor(Date.now() / 1000) - 60 })),
    ],
    ['a token of another issuer', () => bearer(signed({ subject: 'acme', issuer: 'someone-else' }))],
    ['a token for another audience', () => bearer(signed({ subject: 'acme', audience: 'someone-else' }))],
    ['a token without a subject', () => bearer(signed({}))],
    ['a token whose subject is no tenant', () => bearer(signed({ subject: 'Not A Tenant' }))],
    ['a token whose subject is a number', () => bearer(signedClaims(claimsOf({ sub: 123 })))],
    ['a token whose subject is a list', () => bearer(signedClaims(claimsOf({ sub: ['acme'] })))],
    ['a token that never expires', () => bearer(signedClaims(claimsOf({ exp: undefined })))],
    ['a token without iat', () => bearer(signedClaims(claimsOf({ iat: undefined })))],
    [
      'a token living longer than the configured maximum, though within the default day',
      () =>
        bearer(signed({ subject: 'acme', issuedAt: nowSeconds(), expires: nowSeconds() + MAX_LIFETIME + 1 })),
    ],
  ])('refuses %s with Unauthorized', async (_, header) => {
    await expect(handler(tokenEvent(await header()))).rejects.toThrow(new Error('Unauthorized'));
  });

  it('logs why it refused, but never the token', async () => {
    const info = jest.spyOn(logger, 'info');
    const expired = await signed({ subject: 'acme', expires: Math.floor(Date.now() / 1000) - 60 });

    await expect(handler(tokenEvent(`Bearer ${expired}`))).rejects.toThrow('Unauthorized');

    expect(info).toHaveBeenCalledWith(
      'Unauthorized',
      expect.objectContaining({ reason: expect.stringContaining('exp') }),
    );
    expect(JSON.stringify(info.mock.calls)).not.toContain(expired);
  });
});

describe('REQUEST events (header or ?token=)', () => {
  it.each([
    ['a number', 123],
    ['a list', ['acme']],
  ])('refuses a WebSocket $connect whose token subject is %s', async (_, sub) => {
    const wrong = await signedClaims(claimsOf({ sub }));
    const event = requestEvent({ query: { token: wrong }, headers: {}, methodArn: WS_METHOD_ARN });
    await expect(handler(event)).rejects.toThrow(new Error('Unauthorized'));
  });

  it('allows the Authorization header, whatever its case', async () => {
    const event = requestEvent({ headers: { authorization: `Bearer ${token}` } });
    await expect(handler(event)).resolves.toEqual(allowed('acme', REST_STAGE));
  });

  it('allows ?token= when there is no header, as an EventSource sends it', async () => {
    await expect(handler(requestEvent({ query: { token } }))).resolves.toEqual(allowed('acme', REST_STAGE));
  });

  it('allows the WebSocket $connect on the whole WebSocket stage', async () => {
    const event = requestEvent({ query: { token }, headers: {}, methodArn: WS_METHOD_ARN });
    await expect(handler(event)).resolves.toEqual(allowed('acme', WS_STAGE));
  });

  it.each([
    ['neither header nor query', requestEvent({})],
    ['empty maps', requestEvent({ headers: {}, query: {} })],
    ['an empty ?token=', requestEvent({ query: { token: '' } })],
    ['a bad ?token=', requestEvent({ query: { token: 'nope' } })],
    ['a header without the Bearer scheme', requestEvent({ headers: { Authorization: 'Basic YTpi' } })],
  ])('refuses %s with Unauthorized', async (_, event) => {
    await expect(handler(event)).rejects.toThrow(new Error('Unauthorized'));
  });
});

describe('the secret', () => {
  it('is read once from Secrets Manager and cached across requests', async () => {
    await handler(tokenEvent(`Bearer ${token}`));
    await handler(requestEvent({ query: { token } }));
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: ENV.TOKEN_SECRET_ARN });
  });

  it('that cannot be read fails the call as an error, not as a bad token', async () => {
    secrets.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException'));
    await expect(handler(tokenEvent(`Bearer ${token}`))).rejects.toThrow('AccessDeniedException');
  });

  it('is not asked for when there is no token at all', async () => {
    await expect(handler(requestEvent({}))).rejects.toThrow('Unauthorized');
    expect(secrets).not.toHaveReceivedCommand(GetSecretValueCommand);
  });
});

import { clearCaches } from '@aws-lambda-powertools/parameters';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { SignJWT } from 'jose';
import { handler, type EventsAuthorizerEvent } from '../../../lambda/appsync-events/authorizer';
import { issueToken } from '../../../lambda/auth/tokens';
import { SECRET } from '../auth/support';
import { ENV } from '../env';

const secrets = mockClient(SecretsManagerClient);
const CHECK = '5f0c2a4e-8b1d-4c3e-9a7f-1e2d3c4b5a69';

/** The event AppSync sends, as its documentation shows it; connect names no channel. */
function eventOf(
  authorizationToken: string,
  operation: EventsAuthorizerEvent['requestContext']['operation'],
  channel?: string,
): EventsAuthorizerEvent & Record<string, unknown> {
  return {
    authorizationToken,
    requestContext: {
      apiId: 'aaaaaa123123123example123',
      accountId: '111122223333',
      requestId: 'f4081827-1111-4444-5555-5cf4695f339f',
      operation,
      ...(channel === undefined ? {} : { channelNamespaceName: channel.split('/')[1], channel }),
    },
    requestHeaders: { host: 'abc123.appsync-api.us-east-1.amazonaws.com' },
  } as EventsAuthorizerEvent & Record<string, unknown>;
}

const ALLOWED = (tenant: string) => ({ isAuthorized: true, ttlOverride: 0, handlerContext: { tenant } });
const DENIED = { isAuthorized: false, ttlOverride: 0 };

let tokenB: string;

beforeAll(async () => {
  tokenB = await issueToken(SECRET, 'b', '1h');
});

beforeEach(() => {
  clearCaches();
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: ENV.TOKEN_SECRET_ARN }).resolves({ SecretString: SECRET });
});

describe('connect', () => {
  it('allows a valid token, bare as amplify sends it or as a Bearer header', async () => {
    expect(await handler(eventOf(tokenB, 'EVENT_CONNECT'))).toEqual(ALLOWED('b'));
    expect(await handler(eventOf(`Bearer ${tokenB}`, 'EVENT_CONNECT'))).toEqual(ALLOWED('b'));
  });

  it.each([
    ['an empty token', ''],
    ['a token of words', 'not a token'],
    ['a token signed with another secret', 'other'],
    ['an expired token', 'expired'],
    ['a token that lives longer than the maximum lifetime', 'long'],
  ])('refuses %s', async (_, kind) => {
    const now = Math.floor(Date.now() / 1000);
    const sign = (secret: string, iat: number, exp: number) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('b')
        .setIssuer('realtime-checks')
        .setAudience('realtime-checks')
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(secret));
    const tokens: Record<string, () => Promise<string>> = {
      other: () => sign('another-secret-of-at-least-thirty-two-characters', now, now + 60),
      expired: () => sign(SECRET, now - 120, now - 60),
      long: () => sign(SECRET, now, now + Number(ENV.TOKEN_MAX_LIFETIME_SECONDS) + 60),
    };
    const token = tokens[kind] ? await tokens[kind]() : kind;
    expect(await handler(eventOf(token, 'EVENT_CONNECT'))).toEqual(DENIED);
  });

  it('refuses an event that is not AppSync Events’, without throwing', async () => {
    expect(await handler({ type: 'TOKEN', authorizationToken: tokenB })).toEqual(DENIED);
    expect(await handler(eventOf(tokenB, 'EVENT_CONNECT').requestContext)).toEqual(DENIED);
  });
});

describe('subscribe', () => {
  it.each([`/checks/b/${CHECK}`, '/checks/b/*'])('lets tenant b subscribe to %s', async (channel) => {
    expect(await handler(eventOf(tokenB, 'EVENT_SUBSCRIBE', channel))).toEqual(ALLOWED('b'));
  });

  it.each([
    `/checks/a/${CHECK}`,
    '/checks/a/*',
    '/checks/*',
    `/checks/*/${CHECK}`,
    '/checks/*/*',
    '/*',
    `/other/b/${CHECK}`,
  ])('refuses tenant b %s', async (channel) => {
    expect(await handler(eventOf(tokenB, 'EVENT_SUBSCRIBE', channel))).toEqual(DENIED);
  });

  it('refuses a subscribe whose namespace disagrees with its channel', async () => {
    const event = eventOf(tokenB, 'EVENT_SUBSCRIBE', `/checks/b/${CHECK}`);
    const lying = { ...event, requestContext: { ...event.requestContext, channelNamespaceName: 'other' } };
    expect(await handler(lying)).toEqual(DENIED);
  });

  it('refuses a subscribe that names no channel', async () => {
    const event = eventOf(tokenB, 'EVENT_SUBSCRIBE');
    expect(await handler(event)).toEqual(DENIED);
  });

  it('keeps tenant a to its own channels as well', async () => {
    const tokenA = await issueToken(SECRET, 'a', '1h');
    expect(await handler(eventOf(tokenA, 'EVENT_SUBSCRIBE', `/checks/a/${CHECK}`))).toEqual(ALLOWED('a'));
    expect(await handler(eventOf(tokenA, 'EVENT_SUBSCRIBE', `/checks/b/${CHECK}`))).toEqual(DENIED);
  });
});

describe('publish', () => {
  it('refuses a token, even on its own channel: only the backend publishes', async () => {
    expect(await handler(eventOf(tokenB, 'EVENT_PUBLISH', `/checks/b/${CHECK}`))).toEqual(DENIED);
  });
});

it('fails loudly, rather than refusing, when the secret cannot be read', async () => {
  secrets.reset();
  secrets.on(GetSecretValueCommand).rejects(new Error('Secrets Manager is down'));
  await expect(handler(eventOf(tokenB, 'EVENT_CONNECT'))).rejects.toThrow('Secrets Manager is down');
});

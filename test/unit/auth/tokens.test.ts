import { createHmac } from 'node:crypto';
import { decodeJwt, SignJWT, type JWTPayload } from 'jose';
import { SECRET } from './support';
import { ValidationError } from '../../../lambda/shared/errors';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, issueToken, verifyToken } from '../../../lambda/auth/tokens';

const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);

/** Our claims, valid for an hour from now, with `changes` on top; an undefined change drops the claim. */
function claimsWith(changes: Record<string, unknown>): Record<string, unknown> {
  const issuedAt = now();
  const claims: Record<string, unknown> = {
    sub: 'acme',
    iss: 'realtime-checks',
    aud: 'realtime-checks',
    iat: issuedAt,
    exp: issuedAt + HOUR,
    ...changes,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
}

/** Signs the claims as they are: SignJWT's setters would refuse the wrong types under test. */
function signedClaims(claims: Record<string, unknown>, secret = SECRET): Promise<string> {
  return new SignJWT(claims as JWTPayload)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));
}

async function refusal(token: string, maxLifetimeSeconds?: number): Promise<Error> {
  try {
    await verifyToken(SECRET, token, maxLifetimeSeconds);
  } catch (error) {
    return error as Error;
  }
  throw new Error('The token was accepted');
}

describe('verifyToken', () => {
  it('returns the tenant of a token that keeps every rule', async () => {
    await expect(verifyToken(SECRET, await signedClaims(claimsWith({})))).resolves.toBe('acme');
  });

  it('accepts a token that lives exactly the maximum', async () => {
    const token = await signedClaims(claimsWith({ exp: now() + DEFAULT_MAX_TOKEN_LIFETIME_SECONDS }));
    await expect(verifyToken(SECRET, token)).resolves.toBe('acme');
  });

  it('accepts an audience list that names us', async () => {
    const token = await signedClaims(claimsWith({ aud: ['realtime-checks', 'another-api'] }));
    await expect(verifyToken(SECRET, token)).resolves.toBe('acme');
  });

  it.each<[string, Record<string, unknown>]>([
    ['a numeric sub', { sub: 123 }],
    ['an array sub', { sub: ['acme'] }],
    ['an object sub', { sub: { tenant: 'acme' } }],
    ['a boolean sub', { sub: true }],
    ['an array iss', { iss: ['realtime-checks'] }],
    ['a numeric iss', { iss: 1 }],
    ['an audience list with a number in it', { aud: ['realtime-checks', 7] }],
    ['a numeric aud', { aud: 7 }],
    ['a string exp', { exp: String(now() + HOUR) }],
    ['a string iat', { iat: String(now()) }],
    ['a string nbf', { nbf: String(now()) }],
    ['a numeric jti', { jti: 42 }],
  ])('refuses a claim of the wrong type: %s', async (_, changes) => {
    const error = await refusal(await signedClaims(claimsWith(changes)));
    expect(error.name).toBe('UnauthorizedError');
  });

  it('names the claim of the wrong type in its reason', async () => {
    const error = await refusal(await signedClaims(claimsWith({ sub: 123 })));
    expect(error.message).toMatch(/sub/);
  });

  it('refuses a token without exp, which would never expire', async () => {
    const error = await refusal(await signedClaims(claimsWith({ exp: undefined })));
    expect(error.name).toBe('UnauthorizedError');
    expect(error.message).toContain('"exp"');
  });

  it('refuses a token without iat, whose lifetime cannot be told', async () => {
    const error = await refusal(await signedClaims(claimsWith({ iat: undefined })));
    expect(error.name).toBe('UnauthorizedError');
    expect(error.message).toContain('"iat"');
  });

  it('refuses a token issued in the future', async () => {
    const error = await refusal(await signedClaims(claimsWith({ iat: now() + 60, exp: now() + HOUR })));
    expect(error.name).toBe('UnauthorizedError');
    expect(error.message).toContain('"iat"');
  });

  it('refuses a token that lives longer than the maximum, however recent', async () => {
    const token = await signedClaims(claimsWith({ exp: now() + DEFAULT_MAX_TOKEN_LIFETIME_SECONDS + 1 }));
    const error = await refusal(token);
    expect(error.name).toBe('UnauthorizedError');
    expect(error.message).toContain(`${DEFAULT_MAX_TOKEN_LIFETIME_SECONDS + 1} s`);
  });

  it('refuses an exp that JSON parses as Infinity, a token that would never expire', async () => {
    // Signed by hand: JSON.stringify cannot write 1e999, so SignJWT cannot make this token.
    const payload = Buffer.from(
      `{"sub":"acme","iss":"realtime-checks","aud":"realtime-checks","iat":${now()},"exp":1e999}`,
    ).toString('base64url');
    const header = Buffer.from('{"alg":"HS256"}').toString('base64url');
    const signature = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
    const error = await refusal(`${header}.${payload}.${signature}`);
    expect(error.name).toBe('UnauthorizedError');
  });

  it('takes the maximum it is given', async () => {
    const token = await signedClaims(claimsWith({ exp: now() + 2 * HOUR }));
    await expect(verifyToken(SECRET, token, 2 * HOUR)).resolves.toBe('acme');
    expect((await refusal(token, HOUR)).message).toContain('more than the maximum of 3600 s');
  });
});

describe('issueToken', () => {
  it('issues a token that verifyToken accepts, living 24 hours by default', async () => {
    const token = await issueToken(SECRET, 'acme');
    await expect(verifyToken(SECRET, token)).resolves.toBe('acme');
    const { exp = 0, iat = 0 } = decodeJwt(token);
    expect(exp - iat).toBe(24 * HOUR);
  });

  it('refuses to issue a token beyond the maximum, naming both', async () => {
    const issuing = issueToken(SECRET, 'acme', '25h');
    await expect(issuing).rejects.toThrow(ValidationError);
    await expect(issuing).rejects.toThrow('A token may live at most 86400 s, not "25h"');
  });

  it('takes the maximum it is given', async () => {
    const { exp = 0, iat = 0 } = decodeJwt(await issueToken(SECRET, 'acme', '2d', 2 * 24 * HOUR));
    expect(exp - iat).toBe(2 * 24 * HOUR);
    await expect(issueToken(SECRET, 'acme', '2h', HOUR)).rejects.toThrow('at most 3600 s');
  });

  it('refuses a lifetime that ends before it begins', async () => {
    await expect(issueToken(SECRET, 'acme', '-1h')).rejects.toThrow(
      'A token must live a positive time, and "-1h" does not',
    );
  });
});

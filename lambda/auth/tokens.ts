import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import * as z from 'zod/mini';
import { UnauthorizedError, ValidationError } from '../shared/errors';
import { TENANT_PATTERN } from '../shared/tenant';

const ISSUER = 'realtime-checks';
const AUDIENCE = 'realtime-checks';
const ALGORITHM = 'HS256';

/** How long a token may live (`exp - iat`) unless the deployment says otherwise: a day. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

/**
 * How far the issuer's clock may run ahead of the verifier's. `npm run token` signs on a
 * laptop and Lambda verifies on AWS; both round to the second, so without this a token used
 * at once could read as issued in the future.
 */
const CLOCK_SKEW_SECONDS = 5;

const STRING = 'must be a string';
const NUMERIC_DATE = 'must be a number of seconds';

/**
 * The registered claims, each of its RFC 7519 type. jose checks the values of `iss`, `aud`,
 * `exp`, `iat` and `nbf`, but not every type: `sub` and `jti` it leaves alone, and an
 * audience list passes when one member matches, whatever the others are.
 */
const claimsSchema = z.object({
  sub: z.string(STRING).check(z.regex(TENANT_PATTERN, 'must be a tenant')),
  iss: z.string(STRING),
  aud: z.union([z.string(), z.array(z.string())], 'must be a string or a list of strings'),
  exp: z.number(NUMERIC_DATE),
  iat: z.number(NUMERIC_DATE),
  nbf: z.optional(z.number(NUMERIC_DATE)),
  jti: z.optional(z.string(STRING)),
});

function keyOf(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('The token secret must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

/**
 * A token for `tenant` that lives `lifetime` (jose's format: `30m`, `24h`, `2 days`), which
 * may not exceed `maxLifetimeSeconds`, since the authorizer would refuse the token.
 */
export async function issueToken(
  secret: string,
  tenant: string,
  lifetime = '24h',
  maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
): Promise<string> {
  if (!TENANT_PATTERN.test(tenant)) {
    throw new ValidationError(
      `Invalid tenant "${tenant}": use 1 to 63 lower-case letters, digits or dashes, not starting with a dash`,
    );
  }
  // exp before iat: if the clock ticks a second between them, the token lives a second less, never more.
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(tenant)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime(lifetime)
    .setIssuedAt()
    .sign(keyOf(secret));
  const { exp = 0, iat = 0 } = decodeJwt(token);
  if (exp <= iat) throw new ValidationError(`A token must live a positive time, and "${lifetime}" does not`);
  if (exp - iat > maxLifetimeSeconds) {
    throw new ValidationError(`A token may live at most ${maxLifetimeSeconds} s, not "${lifetime}"`);
  }
  return token;
}

/**
 * Returns the token's tenant, or throws UnauthorizedError; the reason is for logs, not
 * clients. The token must be ours (HS256, issuer and audience), name a tenant, carry `exp`
 * and `iat` with `iat` not in the future, and live at most `maxLifetimeSeconds`.
 */
export async function verifyToken(
  secret: string,
  token: string,
  maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
): Promise<string> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, keyOf(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [ALGORITHM],
      requiredClaims: ['exp', 'iat', 'sub'],
      // Refuses an iat in the future; the lifetime check below makes the age bound follow.
      maxTokenAge: maxLifetimeSeconds,
      clockTolerance: CLOCK_SKEW_SECONDS,
    }));
  } catch (error) {
    throw new UnauthorizedError(`Invalid token: ${(error as Error).message}`);
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) {
    const problems = claims.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new UnauthorizedError(`Invalid token claims: ${problems.join('; ')}`);
  }
  const { sub, exp, iat } = claims.data;
  if (exp - iat > maxLifetimeSeconds) {
    throw new UnauthorizedError(
      `Invalid token: it lives ${exp - iat} s, more than the maximum of ${maxLifetimeSeconds} s`,
    );
  }
  return sub;
}

/** The token in `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

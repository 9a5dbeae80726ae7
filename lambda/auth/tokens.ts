import { jwtVerify, SignJWT } from 'jose';
import { UnauthorizedError, ValidationError } from '../shared/errors';
import { TENANT_PATTERN } from '../shared/tenant';

const ISSUER = 'realtime-checks';
const AUDIENCE = 'realtime-checks';
const ALGORITHM = 'HS256';

function keyOf(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('The token secret must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

export async function issueToken(secret: string, tenant: string, expiresIn = '24h'): Promise<string> {
  if (!TENANT_PATTERN.test(tenant)) {
    throw new ValidationError(
      `Invalid tenant "${tenant}": use 1 to 63 lower-case letters, digits or dashes, not starting with a dash`,
    );
  }
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(tenant)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(keyOf(secret));
}

/** Returns the token's tenant, or throws UnauthorizedError; the reason is for logs, not clients. */
export async function verifyToken(secret: string, token: string): Promise<string> {
  let subject: string | undefined;
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [ALGORITHM],
    });
    subject = payload.sub;
  } catch (error) {
    throw new UnauthorizedError(`Invalid token: ${(error as Error).message}`);
  }
  if (subject === undefined || !TENANT_PATTERN.test(subject)) {
    throw new UnauthorizedError('Invalid token: its subject is not a tenant');
  }
  return subject;
}

/** The token in `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

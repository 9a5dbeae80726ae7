import { randomBytes } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { DEV_TOKEN_SECRET } from '../../../lambda/auth/dev-secret';
import { issueToken } from '../../../lambda/auth/tokens';
import { readSecret } from '../../../scripts/token';
import { e2eTarget, type TokenSecretSource } from './endpoints';

let secret: Promise<string> | undefined;

/** TOKEN_SECRET wins, as it does for `npm run token`; then the target's own secret. */
function secretOf(source: TokenSecretSource): Promise<string> {
  const fromEnv = process.env.TOKEN_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') return Promise.resolve(fromEnv);
  return source.kind === 'dev' ? Promise.resolve(DEV_TOKEN_SECRET) : readSecret(source.secretId);
}

function targetSecret(): Promise<string> {
  secret ??= secretOf(e2eTarget().secret);
  return secret;
}

/** A token for `tenant`, signed with the secret the target verifies. */
export async function tokenFor(tenant: string): Promise<string> {
  return issueToken(await targetSecret(), tenant, '1h');
}

/**
 * A token for `tenant` as issueToken makes it, valid for an hour, with `changes` on top:
 * any claim of any type, and an undefined change drops the claim. Signed with the target's
 * secret, so only the claims can be wrong.
 */
export async function tokenWithClaims(tenant: string, changes: Record<string, unknown>): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims = Object.entries({
    sub: tenant,
    iss: 'realtime-checks',
    aud: 'realtime-checks',
    iat: now,
    exp: now + 3600,
    ...changes,
  }).filter(([, value]) => value !== undefined);
  return new SignJWT(Object.fromEntries(claims) as JWTPayload)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(await targetSecret()));
}

/** A tenant no other test (or earlier run) uses, so tests never see each other's data. */
export function freshTenant(label: string): string {
  return `e2e-${label}-${randomBytes(5).toString('hex')}`;
}

export interface Tenant {
  readonly tenant: string;
  readonly token: string;
}

export async function newTenant(label: string): Promise<Tenant> {
  const tenant = freshTenant(label);
  return { tenant, token: await tokenFor(tenant) };
}

import { randomBytes } from 'node:crypto';
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

/** A token for `tenant`, signed with the secret the target verifies. */
export function tokenFor(tenant: string): Promise<string> {
  secret ??= secretOf(e2eTarget().secret);
  return secret.then((value) => issueToken(value, tenant, '1h'));
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

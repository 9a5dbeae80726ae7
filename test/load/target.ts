import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { DEV_TOKEN_SECRET } from '../../lambda/auth/dev-secret';
import { issueToken } from '../../lambda/auth/tokens';
import type { LoadTarget } from './scenario';

const endpointsSchema = z.object({
  restUrl: z.url(),
  wsUrl: z.url(),
  sandbox: z.object({ connectionsAdminUrl: z.url(), adminSecret: z.string().check(z.minLength(1)) }),
});

/** A sandbox's endpoints file; the suite needs its admin API, so only a sandbox will do. */
export function loadTargetOf(file: string): LoadTarget {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the endpoints file ${file}: ${(error as Error).message}`);
  }
  const parsed = endpointsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`The endpoints file ${file} is not a sandbox's: ${problems.join('; ')}`);
  }
  const { restUrl, wsUrl, sandbox } = parsed.data;
  return {
    restUrl: restUrl.endsWith('/') ? restUrl : `${restUrl}/`,
    wsUrl,
    admin: sandbox,
    tokenFor: (tenant) => issueToken(DEV_TOKEN_SECRET, tenant, '1h'),
  };
}

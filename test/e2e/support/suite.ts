import { e2eTarget, type SandboxAdmin } from './endpoints';
import { RestClient } from './rest-client';
import { newTenant } from './tokens';

export interface TenantSession {
  readonly tenant: string;
  readonly token: string;
  readonly api: RestClient;
}

/** A fresh tenant with its token and a REST client: tests never see each other's data. */
export async function tenantSession(label: string): Promise<TenantSession> {
  const { tenant, token } = await newTenant(label);
  return { tenant, token, api: new RestClient(e2eTarget().restUrl, token) };
}

/**
 * `describe` for tests that need the sandbox (its admin API, or a loopback receiver that AWS
 * cannot reach); elsewhere they are skipped, and their title says why.
 */
export function describeSandboxOnly(title: string, why: string, tests: () => void): void {
  const target = e2eTarget();
  if (target.sandbox === undefined) {
    const reason = `${title}: skipped, sandbox only (${why}); the target is ${target.describedAs}`;
    // Jest lists nothing of a file whose tests are all skipped, so the reason is printed too.
    process.stderr.write(`${reason}\n`);
    describe.skip(reason, tests);
  } else {
    describe(title, tests);
  }
}

/** The sandbox's admin API; call it only inside describeSandboxOnly. */
export function sandboxAdmin(): SandboxAdmin {
  const { sandbox } = e2eTarget();
  if (sandbox === undefined) throw new Error('This test needs a sandbox');
  return sandbox;
}

import { expectError } from './support/contract';
import { e2eTarget } from './support/endpoints';
import { readEventStream } from './support/event-stream';
import { tenantSession, type TenantSession } from './support/suite';
import { tokenWithClaims } from './support/tokens';
import { refusedUpgradeStatus, WsClient } from './support/ws-client';

const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);

/** Correctly signed tokens, each breaking one claim rule; a function gets the tenant. */
const BROKEN_CLAIMS: [string, (tenant: string) => Record<string, unknown>][] = [
  ['a numeric sub', () => ({ sub: 123 })],
  ['an array sub', (tenant) => ({ sub: [tenant] })],
  ['no exp, so it would never expire', () => ({ exp: undefined })],
  ['no iat', () => ({ iat: undefined })],
  ['an iat in the future', () => ({ iat: now() + HOUR, exp: now() + 2 * HOUR })],
  ['a lifetime beyond any maximum (ten years)', () => ({ exp: now() + 10 * 365 * 24 * HOUR })],
];

describe('token claims: a correctly signed token that breaks a claim rule is a 401', () => {
  const { wsUrl } = e2eTarget();
  let session: TenantSession;
  let checkPath: string;

  beforeAll(async () => {
    session = await tenantSession('claims');
    const check = await session.api.createCheck({ target: 'claims.example', steps: 1, stepMs: 0 });
    checkPath = `checks/${check.id}`;
  });

  it('accepts the same token with every claim right, so only the broken claim refuses it', async () => {
    const token = await tokenWithClaims(session.tenant, {});
    expect((await session.api.request('GET', checkPath, { token })).status).toBe(200);
    const client = await WsClient.connect(wsUrl, { token });
    await client.close();
  });

  it.each(BROKEN_CLAIMS)('on the REST API, header or ?token=: %s', async (_, change) => {
    const token = await tokenWithClaims(session.tenant, change(session.tenant));

    const [byHeader, byQuery] = await Promise.all([
      session.api.request('POST', 'checks', { token, body: { target: 'claims.example' } }),
      readEventStream(session.api.urlOf(`${checkPath}/events`, { token })),
    ]);

    expectError(byHeader, 401);
    expect(byQuery.status).toBe(401);
  });

  it.each(BROKEN_CLAIMS)('at the WebSocket $connect: %s', async (_, change) => {
    const token = await tokenWithClaims(session.tenant, change(session.tenant));
    expect(await refusedUpgradeStatus(wsUrl, { token })).toBe(401);
  });
});

import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectCheck, expectEveryVersion } from './support/contract';
import { e2eTarget } from './support/endpoints';
import { eventually } from './support/eventually';
import { E2E_FANOUT_INLINE_LIMIT, SANDBOX_STATE_DIR_VARIABLE } from './support/global-setup';
import { dropConnection, listConnections } from './support/sandbox-admin';
import { describeSandboxOnly, sandboxAdmin, tenantSession, type TenantSession } from './support/suite';
import { WsClient } from './support/ws-client';

const SUBSCRIBERS = 3 * E2E_FANOUT_INLINE_LIMIT;
const STEPS = 12;
/** Under load an environment takes seconds to start: every wait is generous. */
const REPLY_TIMEOUT_MS = 60_000;
const LAST_VERSION = STEPS + 1;
const CONNECT_AT_ONCE = 4;

/** The JSON lines of every function log of the suite's own sandbox, or undefined for another target. */
function functionLogLines(): Record<string, unknown>[] | undefined {
  const stateDir = process.env[SANDBOX_STATE_DIR_VARIABLE];
  if (stateDir === undefined) return undefined;
  const logs = join(stateDir, 'logs');
  return readdirSync(logs).flatMap((file) =>
    readFileSync(join(logs, file), 'utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          const parsed: unknown = JSON.parse(line.slice(line.indexOf('{')));
          return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : [];
        } catch {
          return [];
        }
      }),
  );
}

describeSandboxOnly(
  'WebSocket: a change with more subscribers than the inline limit',
  "it needs the sandbox's admin API to drop a connection",
  () => {
    let session: TenantSession;
    const clients: WsClient[] = [];

    beforeAll(async () => {
      session = await tenantSession('ws-fanout');
    });

    afterAll(async () => {
      await Promise.all(clients.map((client) => client.close()));
    });

    it('reaches every subscriber through the fan-out queue, every version in order, and forgets a gone one', async () => {
      const { wsUrl } = e2eTarget();
      const droppedAgent = `e2e-fanout-dropped-${randomUUID()}`;
      // A few at a time: each $connect runs the authorizer and a function, in few environments.
      const connected: WsClient[] = [];
      for (let index = 0; index < SUBSCRIBERS; index += CONNECT_AT_ONCE) {
        const group = Array.from({ length: Math.min(CONNECT_AT_ONCE, SUBSCRIBERS - index) }, (_, offset) =>
          WsClient.connect(wsUrl, {
            token: session.token,
            headers: index + offset === 0 ? { 'User-Agent': droppedAgent } : {},
            timeoutMs: 30_000,
          }),
        );
        connected.push(...(await Promise.all(group)));
      }
      clients.push(...connected);
      // Started before the check, so that the subscriptions land before most of its changes.
      await Promise.all(connected.map((client) => client.request({ action: 'ping' }, REPLY_TIMEOUT_MS)));
      const check = await session.api.createCheck({ target: 'fanout.example', steps: STEPS, stepMs: 2500 });
      const healthy = connected.slice(1);
      const subscribed = await Promise.all(
        connected.map(async (client) => {
          const reply = (await client.request(
            { action: 'subscribe', checkId: check.id },
            REPLY_TIMEOUT_MS,
          )) as {
            check: { version: number };
          };
          return reply.check.version;
        }),
      );
      const target = await eventually(
        async () => (await listConnections(sandboxAdmin())).find((c) => c.userAgent === droppedAgent),
        { what: `the connection with User-Agent ${droppedAgent}` },
      );
      // Closed under the client with no $disconnect: only a post's 410 tells the table.
      await dropConnection(sandboxAdmin(), target.connectionId);

      await Promise.all(
        healthy.map((client) =>
          client.nextEvent(check.id, (event) => event.type === 'check.done', 'check.done', 120_000),
        ),
      );
      expect(expectCheck((await session.api.getCheck(check.id)).json).version).toBe(LAST_VERSION);

      healthy.forEach((client, index) => {
        const versions = client.eventsOf(check.id).map((event) => event.data.version);
        expectEveryVersion(versions, subscribed[index + 1] + 1, LAST_VERSION);
      });
      // Answered 410 and forgotten. Changes queued before its first 410 still name it, so it
      // may draw a few; the changes queued after it no longer do (below).
      const forgotten = (await listConnections(sandboxAdmin())).find((c) => c.userAgent === droppedAgent);
      expect(forgotten).toEqual(expect.objectContaining({ open: false, postsDelivered: 0 }));
      expect(forgotten?.postsGone).toBeGreaterThanOrEqual(1);

      const lines = functionLogLines();
      if (lines === undefined) {
        process.stderr.write(
          'Not the suite’s own sandbox: its inline limit, and so the sharding, is unknown\n',
        );
        return;
      }
      // Every change made once all had subscribed went through the queue, in several shards.
      const allSubscribed = Math.max(...subscribed);
      expect(allSubscribed).toBeLessThan(LAST_VERSION - 1);
      const versionOf = (line: Record<string, unknown>) => Number(String(line.eventId).split(':')[1]);
      const later = lines.filter(
        (line) => String(line.eventId).startsWith(`${check.id}:`) && versionOf(line) > allSubscribed,
      );
      const queued = later.filter((line) => line.message === 'Change queued');
      expect(new Set(queued.map(versionOf)).size).toBe(LAST_VERSION - allSubscribed);
      expect(queued.every((line) => Number(line.messages) > 1)).toBe(true);
      expect(later.filter((line) => line.message === 'Change pushed')).toEqual([]);
      // A poster found it gone, on whichever queued change first reached it (possibly one made
      // before every client had subscribed); its log line may trail its post.
      await eventually(
        () => {
          const gone = (functionLogLines() ?? [])
            .filter(
              (line) => line.message === 'Shard pushed' && String(line.eventId).startsWith(`${check.id}:`),
            )
            .reduce((sum, line) => sum + Number(line.gone), 0);
          return gone >= 1 ? gone : undefined;
        },
        { what: 'a poster log line counting the gone connection' },
      );
      const last = queued.find((line) => versionOf(line) === LAST_VERSION);
      expect(last).toEqual(expect.objectContaining({ subscribers: SUBSCRIBERS - 1 }));
    }, 400_000);
  },
);

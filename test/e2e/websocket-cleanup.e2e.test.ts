import { randomUUID } from 'node:crypto';
import { expectCheck, expectEveryVersion } from './support/contract';
import { e2eTarget } from './support/endpoints';
import { eventually } from './support/eventually';
import { dropConnection, listConnections, type AdminConnection } from './support/sandbox-admin';
import { describeSandboxOnly, sandboxAdmin, tenantSession, type TenantSession } from './support/suite';
import { WsClient } from './support/ws-client';

describeSandboxOnly(
  'WebSocket: a connection dropped without $disconnect',
  "it needs the sandbox's admin API to drop a connection",
  () => {
    let session: TenantSession;
    const clients: WsClient[] = [];

    beforeAll(async () => {
      session = await tenantSession('ws-drop');
    });

    afterAll(async () => {
      await Promise.all(clients.map((client) => client.close()));
    });

    async function connectionWithAgent(userAgent: string): Promise<AdminConnection | undefined> {
      return (await listConnections(sandboxAdmin())).find((connection) => connection.userAgent === userAgent);
    }

    it('is deleted on the first post that finds it gone, while a healthy subscriber gets every event', async () => {
      const { wsUrl } = e2eTarget();
      const userAgent = `e2e-dropped-client-${randomUUID()}`;
      const check = await session.api.createCheck({ target: 'ws-drop.example', steps: 8, stepMs: 500 });
      const [dropped, healthy] = await Promise.all([
        WsClient.connect(wsUrl, { token: session.token, headers: { 'User-Agent': userAgent } }),
        WsClient.connect(wsUrl, { token: session.token }),
      ]);
      clients.push(dropped, healthy);
      const [, subscribed] = await Promise.all([
        dropped.request({ action: 'subscribe', checkId: check.id }),
        healthy.request({ action: 'subscribe', checkId: check.id }),
      ]);
      const target = await eventually(() => connectionWithAgent(userAgent), {
        what: `the connection with User-Agent ${userAgent} in the admin API`,
      });

      await dropConnection(sandboxAdmin(), target.connectionId);
      const gone = await eventually(
        async () => {
          const connection = await connectionWithAgent(userAgent);
          return connection !== undefined && connection.postsGone > 0 ? connection : undefined;
        },
        { what: 'a post to the dropped connection answered 410 Gone' },
      );
      const versionAtGone = expectCheck((await session.api.getCheck(check.id)).json).version;
      await healthy.nextEvent(check.id, (event) => event.type === 'check.done', 'check.done', 20_000);

      // Later changes must not be posted to it again: the notifier deleted its records.
      expect(versionAtGone).toBeLessThan(9);
      expect(gone).toEqual(expect.objectContaining({ open: false, postsGone: 1 }));
      expect(await connectionWithAgent(userAgent)).toEqual(expect.objectContaining({ postsGone: 1 }));
      const subscribedVersion = (subscribed as { check: { version: number } }).check.version;
      expectEveryVersion(
        healthy.eventsOf(check.id).map((event) => event.data.version),
        subscribedVersion + 1,
        9,
      );
    });
  },
);

import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { e2eTarget } from './support/endpoints';
import { eventually } from './support/eventually';
import { listConnections } from './support/sandbox-admin';
import { describeSandboxOnly, sandboxAdmin, tenantSession, type TenantSession } from './support/suite';
import { WebhookReceiver } from './support/webhook-receiver';
import { WsClient } from './support/ws-client';

/** After the witness got its confirmation, how long the others have had to arrive if they were going to. */
const GRACE_MS = 1_000;

describeSandboxOnly(
  'webhooks aimed at the sandbox itself',
  "they name the sandbox's own @connections endpoint and admin API on loopback",
  () => {
    let victim: TenantSession;
    let attacker: TenantSession;
    const cleanups: Array<() => Promise<unknown>> = [];

    beforeAll(async () => {
      [victim, attacker] = await Promise.all([
        tenantSession('reach-victim'),
        tenantSession('reach-attacker'),
      ]);
    });

    afterAll(async () => {
      await Promise.all(cleanups.map((cleanup) => cleanup()));
    });

    async function subscribe(url: string): Promise<void> {
      const answer = await attacker.api.request('POST', 'subscriptions', {
        body: { url, events: ['check.done'] },
      });
      expect(answer.status).toBe(201);
      const { id } = answer.json as { id: string };
      cleanups.push(() => attacker.api.request('DELETE', `subscriptions/${id}`));
    }

    it("put nothing into another tenant's socket, and do not drop it", async () => {
      const { wsUrl } = e2eTarget();
      const admin = sandboxAdmin();
      const userAgent = `e2e-reach-victim-${randomUUID()}`;
      const socket = await WsClient.connect(wsUrl, {
        token: victim.token,
        headers: { 'User-Agent': userAgent },
      });
      cleanups.push(() => socket.close());
      const { connectionId } = await eventually(
        async () => (await listConnections(admin)).find((connection) => connection.userAgent === userAgent),
        { what: `the connection with User-Agent ${userAgent} in the admin API` },
      );

      // What the other tenant learned somehow: the victim's connection id, and the sandbox's URLs.
      const id = encodeURIComponent(connectionId);
      await subscribe(`${wsUrl.replace(/^ws/, 'http')}/@connections/${id}`);
      await subscribe(`${admin.connectionsAdminUrl}/${id}/drop`);
      // Subscribed after them: once its confirmation came, theirs had their turn.
      const witness = await WebhookReceiver.start();
      cleanups.push(() => witness.stop());
      await subscribe(witness.url);
      await witness.waitForConfirmation();
      await delay(GRACE_MS);

      expect(socket.received).toEqual([]);
      expect(socket.isOpen).toBe(true);
      expect(await socket.request({ action: 'ping' })).toEqual({ type: 'pong' });
      const listed = (await listConnections(admin)).find(
        (connection) => connection.connectionId === connectionId,
      );
      expect(listed).toEqual(expect.objectContaining({ open: true, postsDelivered: 0 }));
    });
  },
);

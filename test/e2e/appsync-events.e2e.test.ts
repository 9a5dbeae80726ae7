import { events } from 'aws-amplify/data';
import { setTimeout as delay } from 'node:timers/promises';
import type { CheckCloudEvent } from '../../lambda/shared/cloud-event';
import { expectCloudEvent, isCloudEvent } from './support/contract';
import { configureAmplifyEvents, watchChannel, type ChannelWatch } from './support/amplify-events';
import { e2eTarget } from './support/endpoints';
import { eventually } from './support/eventually';
import { tenantSession, type TenantSession } from './support/suite';
import { tokenWithClaims } from './support/tokens';

/**
 * AppSync Events through AWS's own client, amplify's `events`: the backend publishes each
 * change of a check to `/checks/<tenant>/<checkId>`, and only the check's tenant may read it.
 */
describe('AppSync Events', () => {
  const target = e2eTarget();
  let session: TenantSession;
  let other: TenantSession;
  const watches: ChannelWatch[] = [];

  beforeAll(async () => {
    if (target.appSyncEvents === undefined) {
      throw new Error(
        `${target.describedAs} names no AppSync Events endpoints (appSyncEvents in the endpoints file)`,
      );
    }
    configureAmplifyEvents(target.appSyncEvents);
    [session, other] = await Promise.all([tenantSession('appsync'), tenantSession('appsync-other')]);
  });

  afterEach(async () => {
    await Promise.all(watches.splice(0).map((watch) => watch.close()));
    // amplify shares one socket between channels, opened with the first token: each test opens its own.
    await events.closeAll();
  });

  afterAll(async () => {
    // amplify closes its socket a second after the last channel closes.
    await delay(1_100);
    delete (globalThis as { WebSocket?: unknown }).WebSocket;
  });

  async function watch(channel: string, token: string): Promise<ChannelWatch> {
    const opened = await watchChannel(channel, token);
    watches.push(opened);
    return opened;
  }

  const eventsOf = (watched: ChannelWatch, checkId: string): CheckCloudEvent[] =>
    watched.received
      .map(({ event }) => event)
      .filter((event): event is CheckCloudEvent => isCloudEvent(event) && event.subject === checkId);

  function until(watched: ChannelWatch, checkId: string, type: string): Promise<CheckCloudEvent[]> {
    return eventually(
      () => {
        const seen = eventsOf(watched, checkId);
        return seen.some((event) => event.type === type) ? seen : undefined;
      },
      { what: `${type} of ${checkId} over AppSync Events`, timeoutMs: 30_000 },
    );
  }

  it('delivers every version of a check once, in order, to a subscriber of its tenant', async () => {
    // Subscribed before the check exists, so not even its first version can come too early.
    const watched = await watch(`/checks/${session.tenant}/*`, session.token);
    await watched.ready;
    const created = await session.api.createCheck({ target: 'appsync.example', steps: 3, stepMs: 300 });

    const received = await until(watched, created.id, 'check.done');

    expect(received.map((event) => expectCloudEvent(event, created.id).data.version)).toEqual([1, 2, 3, 4]);
    expect(received.map((event) => event.type)).toEqual([
      'check.created',
      'check.progress',
      'check.progress',
      'check.done',
    ]);
  });

  it("delivers a check's changes on its own channel, to its end", async () => {
    const created = await session.api.createCheck({
      target: 'appsync-failed.example',
      steps: 3,
      stepMs: 500,
      failAtStep: 2,
    });
    const watched = await watch(`/checks/${session.tenant}/${created.id}`, session.token);
    await watched.ready;

    const received = await until(watched, created.id, 'check.failed');

    const versions = received.map((event) => expectCloudEvent(event, created.id).data.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(received.at(-1)?.data).toEqual(expect.objectContaining({ status: 'failed' }));
  });

  it('refuses to connect with a bad token', async () => {
    await expect(watchChannel(`/checks/${session.tenant}/*`, 'not-a-token')).rejects.toThrow(
      'UnauthorizedException',
    );
    await events.closeAll();
    const expired = await tokenWithClaims(session.tenant, { exp: Math.floor(Date.now() / 1000) - 60 });
    await expect(watchChannel(`/checks/${session.tenant}/*`, expired)).rejects.toThrow(
      'UnauthorizedException',
    );
  });

  it("refuses a subscription to another tenant's check, which then never arrives", async () => {
    const theirs = await other.api.createCheck({ target: 'theirs.example', steps: 2, stepMs: 300 });
    const watched = await watch(`/checks/${other.tenant}/${theirs.id}`, session.token);
    await expect(watched.ready).rejects.toThrow(/UnauthorizedException/);

    const own = await watch(`/checks/${other.tenant}/${theirs.id}`, other.token);
    await own.ready;
    await until(own, theirs.id, 'check.done');
    expect(watched.received).toEqual([]);
  });

  it.each([
    ['every tenant', () => '/checks/*'],
    ["the other tenant's checks", () => `/checks/${other.tenant}/*`],
  ])('refuses a wildcard over %s', async (_what, channel) => {
    const watched = await watch(channel(), session.token);
    await expect(watched.ready).rejects.toThrow(/UnauthorizedException/);
  });

  it('lets no token publish: only the backend does', async () => {
    const connection = await events.connect(`/checks/${session.tenant}/forged`, {
      authMode: 'lambda',
      authToken: `Bearer ${session.token}`,
    });
    await expect(connection.publish({ type: 'check.done' })).rejects.toThrow(/UnauthorizedException/);
    await connection.close();
  });
});

import { toPublicCheck } from '../../../lambda/checks/check';
import { toCloudEvent } from '../../../lambda/shared/cloud-event';
import { GoneConnectionError, newConnection, subscriptionOf } from '../../../lambda/websocket/connections';
import { notifySubscribers, type NotifyDeps } from '../../../lambda/websocket/notify';
import { InMemoryConnectionStore } from './in-memory-connection-store';
import { CHECK_ID, storedCheck, TENANT } from '../support/checks';

const EVENT = toCloudEvent(toPublicCheck(storedCheck({ version: 2, progress: 33 })));

class FakePoster {
  readonly posts: { connectionId: string; data: string }[] = [];
  readonly failures = new Map<string, Error>();
  inFlight = 0;
  maxInFlight = 0;

  async post(connectionId: string, data: string): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight -= 1;
    const failure = this.failures.get(connectionId);
    if (failure !== undefined) throw failure;
    this.posts.push({ connectionId, data });
  }
}

function setUp(subscribers: [connectionId: string, tenant: string][], concurrency = 10) {
  const connections = new InMemoryConnectionStore();
  for (const [connectionId, tenant] of subscribers) {
    const connection = newConnection(connectionId, tenant, new Date('2025-01-01T00:00:00Z'));
    connections.connections.set(connectionId, connection);
    void connections.subscribe(subscriptionOf(connection, CHECK_ID));
  }
  const poster = new FakePoster();
  const deps: NotifyDeps = { connections, poster, concurrency };
  return { deps, connections, poster };
}

describe('notifySubscribers', () => {
  it("posts the CloudEvent's JSON to each of the tenant's subscribers", async () => {
    const { deps, poster } = setUp([
      ['a', TENANT],
      ['b', TENANT],
    ]);

    const outcome = await notifySubscribers(deps, TENANT, EVENT);

    expect(outcome).toEqual({ delivered: 2, gone: 0, skipped: 0 });
    expect(poster.posts.map((p) => p.connectionId).sort()).toEqual(['a', 'b']);
    expect(JSON.parse(poster.posts[0].data)).toEqual(EVENT);
  });

  it('skips subscribers of another tenant', async () => {
    const { deps, poster } = setUp([
      ['mine', TENANT],
      ['theirs', 'other'],
    ]);

    const outcome = await notifySubscribers(deps, TENANT, EVENT);

    expect(outcome).toEqual({ delivered: 1, gone: 0, skipped: 1 });
    expect(poster.posts.map((p) => p.connectionId)).toEqual(['mine']);
  });

  it('does nothing for a check nobody listens to', async () => {
    const { deps, poster } = setUp([]);

    await expect(notifySubscribers(deps, TENANT, EVENT)).resolves.toEqual({
      delivered: 0,
      gone: 0,
      skipped: 0,
    });
    expect(poster.posts).toEqual([]);
  });

  it('removes a gone connection and counts it as handled', async () => {
    const { deps, connections, poster } = setUp([
      ['alive', TENANT],
      ['gone', TENANT],
    ]);
    poster.failures.set('gone', new GoneConnectionError('Connection gone is gone'));

    const outcome = await notifySubscribers(deps, TENANT, EVENT);

    expect(outcome).toEqual({ delivered: 1, gone: 1, skipped: 0 });
    expect(connections.removed).toEqual(['gone']);
    expect(connections.subscribedConnections(CHECK_ID)).toEqual(['alive']);
  });

  it('throws after every post settled when one failed for another reason', async () => {
    const { deps, connections, poster } = setUp([
      ['a', TENANT],
      ['broken', TENANT],
      ['c', TENANT],
    ]);
    poster.failures.set('broken', new Error('LimitExceededException'));

    await expect(notifySubscribers(deps, TENANT, EVENT)).rejects.toThrow(
      `1 of 3 posts of event ${EVENT.id} failed`,
    );
    expect(poster.posts.map((p) => p.connectionId).sort()).toEqual(['a', 'c']);
    expect(connections.removed).toEqual([]);
  });

  it('throws when a gone connection cannot be removed', async () => {
    const { deps, connections, poster } = setUp([['gone', TENANT]]);
    poster.failures.set('gone', new GoneConnectionError('gone'));
    connections.remove = async () => {
      throw new Error('table unavailable');
    };

    await expect(notifySubscribers(deps, TENANT, EVENT)).rejects.toThrow('1 of 1 posts');
  });

  it('keeps at most `concurrency` posts in flight', async () => {
    const { deps, poster } = setUp(
      Array.from({ length: 7 }, (_, i): [string, string] => [`c${i}`, TENANT]),
      3,
    );

    await notifySubscribers(deps, TENANT, EVENT);

    expect(poster.posts).toHaveLength(7);
    expect(poster.maxInFlight).toBe(3);
  });
});

import { toPublicCheck } from '../../../lambda/checks/check';
import { toCloudEvent } from '../../../lambda/shared/cloud-event';
import { GoneConnectionError } from '../../../lambda/websocket/connections';
import { fanOut } from '../../../lambda/websocket/fan-out';
import { setUpFanout } from './fanout-fakes';
import { CHECK_ID, storedCheck, TENANT } from '../support/checks';

const EVENT = toCloudEvent(toPublicCheck(storedCheck({ version: 2, progress: 33 })));

const setUp = (subscribers: [connectionId: string, tenant: string][], concurrency = 10) =>
  setUpFanout(subscribers, { concurrency });

describe('fanOut below the inline limit', () => {
  it("posts the CloudEvent's JSON to each of the tenant's subscribers", async () => {
    const { deps, poster, queue, connections } = setUp([
      ['a', TENANT],
      ['b', TENANT],
    ]);

    const outcome = await fanOut(deps, TENANT, EVENT);

    expect(outcome).toEqual({ mode: 'inline', delivered: 2, gone: 0, skipped: 0 });
    expect(poster.posts.map((p) => p.connectionId).sort()).toEqual(['a', 'b']);
    expect(JSON.parse(poster.posts[0].data)).toEqual(EVENT);
    expect(queue.messages).toEqual([]);
    expect(connections.queuedMarks.size).toBe(0);
  });

  it('skips subscribers of another tenant', async () => {
    const { deps, poster } = setUp([
      ['mine', TENANT],
      ['theirs', 'other'],
    ]);

    const outcome = await fanOut(deps, TENANT, EVENT);

    expect(outcome).toEqual({ mode: 'inline', delivered: 1, gone: 0, skipped: 1 });
    expect(poster.posts.map((p) => p.connectionId)).toEqual(['mine']);
  });

  it('does nothing for a check nobody listens to', async () => {
    const { deps, poster } = setUp([]);

    await expect(fanOut(deps, TENANT, EVENT)).resolves.toEqual({
      mode: 'inline',
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

    const outcome = await fanOut(deps, TENANT, EVENT);

    expect(outcome).toEqual({ mode: 'inline', delivered: 1, gone: 1, skipped: 0 });
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

    await expect(fanOut(deps, TENANT, EVENT)).rejects.toThrow(`1 of 3 posts of event ${EVENT.id} failed`);
    expect(poster.posts.map((p) => p.connectionId).sort()).toEqual(['a', 'c']);
    expect(connections.removed).toEqual([]);
  });

  it('throws when a gone connection cannot be removed', async () => {
    const { deps, connections, poster } = setUp([['gone', TENANT]]);
    poster.failures.set('gone', new GoneConnectionError('gone'));
    connections.remove = async () => {
      throw new Error('table unavailable');
    };

    await expect(fanOut(deps, TENANT, EVENT)).rejects.toThrow('1 of 1 posts');
  });

  it('keeps at most `concurrency` posts in flight', async () => {
    const { deps, poster } = setUp(
      Array.from({ length: 7 }, (_, i): [string, string] => [`c${i}`, TENANT]),
      3,
    );

    await fanOut(deps, TENANT, EVENT);

    expect(poster.posts).toHaveLength(7);
    expect(poster.maxInFlight).toBe(3);
  });
});

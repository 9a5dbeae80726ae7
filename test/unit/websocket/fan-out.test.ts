import { toPublicCheck } from '../../../lambda/checks/check';
import { toCloudEvent } from '../../../lambda/shared/cloud-event';
import { CONNECTION_TTL_SECONDS } from '../../../lambda/websocket/connections';
import { fanOut } from '../../../lambda/websocket/fan-out';
import type { ShardPost } from '../../../lambda/websocket/shard-messages';
import { NOW, SETTINGS, setUpFanout } from './fanout-fakes';
import { CHECK_ID, OTHER_TENANT, storedCheck, TENANT } from '../support/checks';

const EVENT = toCloudEvent(toPublicCheck(storedCheck({ version: 2, progress: 33 })));
const NOW_SECONDS = NOW.getTime() / 1000;
const subscribers = (count: number, tenant = TENANT, prefix = 'c') =>
  Array.from({ length: count }, (_, i): [string, string] => [
    `${prefix}${String(i).padStart(5, '0')}=`,
    tenant,
  ]);
const settings = { ...SETTINGS, inlineLimit: 5, shards: 4, shardSize: 3 };
const queuedIds = (messages: readonly { body: string }[]) =>
  messages.flatMap(({ body }) => (JSON.parse(body) as ShardPost).connectionIds);

describe('fanOut above the inline limit', () => {
  it('posts a change with as many subscribers as the limit itself, and queues nothing', async () => {
    const { deps, poster, queue } = setUpFanout(subscribers(5), { settings });

    await expect(fanOut(deps, TENANT, EVENT)).resolves.toEqual({
      mode: 'inline',
      delivered: 5,
      gone: 0,
      skipped: 0,
    });
    expect(poster.posts).toHaveLength(5);
    expect(queue.messages).toEqual([]);
  });

  it('queues every subscriber of the tenant, once, in shards, and posts none itself', async () => {
    const { deps, poster, queue, connections } = setUpFanout(
      [...subscribers(20), ...subscribers(3, OTHER_TENANT, 'x')],
      { settings },
    );

    const outcome = await fanOut(deps, TENANT, EVENT);

    expect(outcome).toEqual({ mode: 'queued', subscribers: 20, messages: queue.messages.length, skipped: 3 });
    expect(poster.posts).toEqual([]);
    expect(queuedIds(queue.messages).sort()).toEqual(subscribers(20).map(([id]) => id));
    for (const message of queue.messages) {
      const post = JSON.parse(message.body) as ShardPost;
      expect(post.connectionIds.length).toBeLessThanOrEqual(3);
      expect(JSON.parse(post.data)).toEqual(EVENT);
      expect(message.groupId).toMatch(new RegExp(`^${CHECK_ID}#[0-3]$`));
    }
    expect(connections.queuedMarks.get(CHECK_ID)).toBe(NOW_SECONDS + CONNECTION_TTL_SECONDS);
  });

  it('counts only the tenant’s subscribers against the limit', async () => {
    const { deps, queue } = setUpFanout([...subscribers(5), ...subscribers(50, OTHER_TENANT, 'x')], {
      settings,
    });

    await expect(fanOut(deps, TENANT, EVENT)).resolves.toMatchObject({ mode: 'inline', skipped: 50 });
    expect(queue.messages).toEqual([]);
  });

  it('reads the subscribers a page at a time and sends as it goes', async () => {
    const { deps, queue, connections } = setUpFanout(subscribers(200), {
      settings: { ...settings, shardSize: 2 },
      pageSize: 25,
    });

    await fanOut(deps, TENANT, EVENT);

    expect(connections.pagesRead).toBe(8);
    // About a page's worth a request, not the whole change in one go at the end.
    expect(queue.sends.length).toBeGreaterThanOrEqual(5);
    expect(queuedIds(queue.messages)).toHaveLength(200);
  });

  it('sends a small change of a check marked queued through the queue too', async () => {
    const { deps, poster, queue, connections } = setUpFanout(subscribers(2), { settings });
    connections.queuedMarks.set(CHECK_ID, NOW_SECONDS + 60);

    await expect(fanOut(deps, TENANT, EVENT)).resolves.toMatchObject({ mode: 'queued', subscribers: 2 });
    expect(poster.posts).toEqual([]);
    expect(queuedIds(queue.messages).sort()).toEqual(subscribers(2).map(([id]) => id));
    // Each queued change renews the mark, so it outlives the last connection that change reached.
    expect(connections.queuedMarks.get(CHECK_ID)).toBe(NOW_SECONDS + CONNECTION_TTL_SECONDS);
  });

  it('posts inline again once the mark has expired, even before the table deletes it', async () => {
    const { deps, poster, queue, connections } = setUpFanout(subscribers(2), { settings });
    connections.queuedMarks.set(CHECK_ID, NOW_SECONDS);

    await expect(fanOut(deps, TENANT, EVENT)).resolves.toMatchObject({ mode: 'inline', delivered: 2 });
    expect(poster.posts).toHaveLength(2);
    expect(queue.messages).toEqual([]);
  });

  it('marks the check before it sends, so a retry after a failed send cannot go inline', async () => {
    const { deps, poster, queue, connections } = setUpFanout(subscribers(20), { settings });
    queue.failNext = new Error('SQS unavailable');

    await expect(fanOut(deps, TENANT, EVENT)).rejects.toThrow('SQS unavailable');
    expect(connections.queuedMarks.has(CHECK_ID)).toBe(true);

    // Subscribers left meanwhile: the retry is under the limit, yet must not overtake the queue.
    for (const [id] of subscribers(18)) await connections.unsubscribe(id, CHECK_ID);
    await expect(fanOut(deps, TENANT, EVENT)).resolves.toMatchObject({ mode: 'queued', subscribers: 2 });
    expect(poster.posts).toEqual([]);
  });

  it('sends nothing again for a retried change whose parts did not change', async () => {
    const { deps, queue } = setUpFanout(subscribers(20), { settings });

    await fanOut(deps, TENANT, EVENT);
    const sent = queue.messages.length;
    await fanOut(deps, TENANT, EVENT);

    expect(queue.messages).toHaveLength(sent);
  });
});

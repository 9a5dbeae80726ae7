import { toPublicCheck } from '../../../lambda/checks/check';
import { toCloudEvent, type CheckCloudEvent } from '../../../lambda/shared/cloud-event';
import { fanOut } from '../../../lambda/websocket/fan-out';
import { parseShardPost, postShard } from '../../../lambda/websocket/post-shard';
import type { ShardMessage } from '../../../lambda/websocket/shard-messages';
import { setUpFanout, subscribe } from './fanout-fakes';
import { CHECK_ID, storedCheck, TENANT } from '../support/checks';

/** mulberry32: a seeded generator, so that a failing case can be run again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const versionOf = (data: string) => (JSON.parse(data) as CheckCloudEvent).data.version;

/**
 * Versions of one check, with subscribers coming and going between them so that the audience
 * crosses the inline limit both ways, and the posters taking queued messages at random moments
 * as SQS FIFO hands them out: the head of any group, never a later one of a group first.
 */
async function run(seed: number) {
  const next = random(seed);
  const settings = { inlineLimit: 8, shards: 3, shardSize: 2 };
  const { deps, connections, poster, queue } = setUpFanout([], { settings, pageSize: 4 });
  const taken = new Set<ShardMessage>();
  const expected = new Map<string, number[]>();
  let serial = 0;

  const takeOne = async (): Promise<boolean> => {
    const heads = new Map<string, ShardMessage>();
    for (const message of queue.messages) {
      if (!taken.has(message) && !heads.has(message.groupId)) heads.set(message.groupId, message);
    }
    const choices = [...heads.values()];
    if (choices.length === 0) return false;
    const message = choices[Math.floor(next() * choices.length)];
    taken.add(message);
    await postShard(deps, parseShardPost(message.body));
    return true;
  };

  for (let version = 2; version <= 30; version += 1) {
    const joining = Math.floor(next() * 6);
    for (let i = 0; i < joining; i += 1) subscribe(connections, `c${(serial += 1)}=`, TENANT);
    for (const id of connections.subscribedConnections(CHECK_ID)) {
      if (next() < 0.2) await connections.unsubscribe(id, CHECK_ID);
    }
    for (const id of connections.subscribedConnections(CHECK_ID)) {
      expected.set(id, [...(expected.get(id) ?? []), version]);
    }
    const event = toCloudEvent(toPublicCheck(storedCheck({ version, progress: version })));
    await fanOut(deps, TENANT, event);
    const takes = Math.floor(next() * 4);
    for (let i = 0; i < takes; i += 1) await takeOne();
  }
  while (await takeOne());

  const received = new Map<string, number[]>();
  for (const { connectionId, data } of poster.posts) {
    received.set(connectionId, [...(received.get(connectionId) ?? []), versionOf(data)]);
  }
  return { expected, received, queued: queue.messages.length };
}

describe('order per connection across inline and queued changes', () => {
  it('gives every connection every version it was subscribed for, once and in order', async () => {
    let queued = 0;
    for (let seed = 1; seed <= 40; seed += 1) {
      const { expected, received, queued: messages } = await run(seed);
      queued += messages;
      expect({ seed, received: Object.fromEntries(received) }).toEqual({
        seed,
        received: Object.fromEntries(expected),
      });
    }
    // Not vacuous: the runs did go through the queue.
    expect(queued).toBeGreaterThan(100);
  }, 60_000);
});

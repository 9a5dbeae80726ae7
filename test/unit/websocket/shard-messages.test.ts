import {
  MAX_BATCH_BYTES,
  MAX_MESSAGE_BYTES,
  EventTooLargeError,
  ShardPacker,
  sendBatchesOf,
  type ShardMessage,
  type ShardPost,
} from '../../../lambda/websocket/shard-messages';
import { shardOf } from '../../../lambda/websocket/fanout-shards';

const DATA = JSON.stringify({ id: 'k1:7', data: { target: 'example.com' } });
const ids = (count: number, prefix = 'c') => Array.from({ length: count }, (_, i) => `${prefix}${i}=`);

function pack(connectionIds: readonly string[], shards = 4, shardSize = 10, data = DATA): ShardMessage[] {
  const packer = new ShardPacker('k1', 'k1:7', data, shards, shardSize);
  const messages: ShardMessage[] = [];
  for (const id of connectionIds) {
    const full = packer.add(id);
    if (full !== undefined) messages.push(full);
  }
  return [...messages, ...packer.drain()];
}

const postOf = (message: ShardMessage) => JSON.parse(message.body) as ShardPost;

describe('ShardPacker', () => {
  it("puts every connection in exactly one message, of its own shard's group", () => {
    const connectionIds = ids(95);
    const messages = pack(connectionIds);

    const packed = messages.flatMap((message) => postOf(message).connectionIds);
    expect([...packed].sort()).toEqual([...connectionIds].sort());
    for (const message of messages) {
      const post = postOf(message);
      expect(post).toEqual({ eventId: 'k1:7', data: DATA, connectionIds: expect.any(Array) });
      for (const id of post.connectionIds) expect(message.groupId).toBe(`k1#${shardOf(id, 4)}`);
    }
  });

  it('hands a message out as soon as its shard holds shardSize connections', () => {
    const packer = new ShardPacker('k1', 'k1:7', DATA, 1, 3);
    expect(packer.add('a')).toBeUndefined();
    expect(packer.add('b')).toBeUndefined();
    const full = packer.add('c');
    expect(full && postOf(full).connectionIds).toEqual(['a', 'b', 'c']);
    expect(packer.drain()).toEqual([]);
  });

  it('keeps each message under the SQS limit, event included', () => {
    const bigData = JSON.stringify({ result: 'x'.repeat(100_000) });
    const messages = pack(ids(40_000, 'connection-id-of-some-length-'), 2, 100_000, bigData);

    expect(messages.length).toBeGreaterThan(2);
    for (const message of messages) {
      expect(Buffer.byteLength(message.body)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    }
  });

  it('refuses an event that cannot fit a message with even one connection', () => {
    const packer = new ShardPacker('k1', 'k1:7', 'x'.repeat(MAX_MESSAGE_BYTES), 1, 10);
    expect(() => packer.add('a')).toThrow(EventTooLargeError);
  });

  it('gives the same part the same deduplication id, and a different part or change another', () => {
    const first = pack(ids(30));
    const again = pack(ids(30));
    expect(again.map((m) => m.deduplicationId)).toEqual(first.map((m) => m.deduplicationId));

    // A subscriber more changes a part of its shard; a changed part must be sent again.
    const partOf = (m: ShardMessage) => `${m.groupId} ${postOf(m).connectionIds.join(',')}`;
    const firstParts = new Set(first.map(partOf));
    const firstIds = new Set(first.map((m) => m.deduplicationId));
    const churned = pack([...ids(30), 'late=']);
    for (const message of churned) {
      expect(firstIds.has(message.deduplicationId)).toBe(firstParts.has(partOf(message)));
    }
    expect(churned.filter((m) => !firstIds.has(m.deduplicationId))).toHaveLength(1);

    const otherChange = new ShardPacker('k1', 'k1:8', DATA, 4, 10);
    for (const id of ids(30)) otherChange.add(id);
    const otherIds = otherChange.drain().map((m) => m.deduplicationId);
    expect(otherIds.some((id) => firstIds.has(id))).toBe(false);
    for (const id of otherIds) expect(id).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('sendBatchesOf', () => {
  const message = (groupId: string, bytes: number): ShardMessage => ({
    groupId,
    deduplicationId: `${groupId}-${bytes}`,
    body: 'x'.repeat(bytes),
  });

  it('sends at most ten messages a request, in their order', () => {
    const messages = Array.from({ length: 23 }, (_, i) => message(`g${i % 3}`, 10));
    const batches = sendBatchesOf(messages);
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 3]);
    expect(batches.flat()).toEqual(messages);
  });

  it('keeps each request under the batch byte limit', () => {
    const messages = Array.from({ length: 6 }, (_, i) => message(`g${i}`, 100 * 1024));
    const batches = sendBatchesOf(messages);
    expect(batches.map((batch) => batch.length)).toEqual([2, 2, 2]);
    for (const batch of batches) {
      expect(batch.reduce((sum, m) => sum + m.body.length, 0)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    }
  });
});

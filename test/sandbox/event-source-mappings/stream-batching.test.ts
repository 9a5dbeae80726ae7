import { batchIsReady } from '../../../sandbox/event-source-mappings/stream-batching';

const now = 1_000_000;
const settings = { batchSize: 3, maximumBatchingWindowInSeconds: 2 };

describe('batchIsReady', () => {
  it('waits while nothing is buffered', () => {
    expect(batchIsReady({ buffered: 0, firstBufferedAtMs: undefined, shardEnded: true }, settings, now)).toBe(
      false,
    );
  });

  it('invokes at once with a full batch', () => {
    expect(batchIsReady({ buffered: 3, firstBufferedAtMs: now, shardEnded: false }, settings, now)).toBe(
      true,
    );
  });

  it('waits for the batching window to run out with a partial batch', () => {
    const state = { buffered: 1, firstBufferedAtMs: now - 1999, shardEnded: false };
    expect(batchIsReady(state, settings, now)).toBe(false);
    expect(batchIsReady(state, settings, now + 1)).toBe(true);
  });

  it('invokes at once without a batching window', () => {
    const state = { buffered: 1, firstBufferedAtMs: now, shardEnded: false };
    expect(batchIsReady(state, { ...settings, maximumBatchingWindowInSeconds: 0 }, now)).toBe(true);
  });

  it('invokes with what is left when the shard has ended', () => {
    expect(batchIsReady({ buffered: 1, firstBufferedAtMs: now, shardEnded: true }, settings, now)).toBe(true);
  });
});

export interface BufferState {
  readonly buffered: number;
  /** When the oldest buffered record was read; undefined when nothing is buffered. */
  readonly firstBufferedAtMs: number | undefined;
  /** The shard is closed and read to its end: nothing more will come. */
  readonly shardEnded: boolean;
}

export interface BatchingSettings {
  readonly batchSize: number;
  readonly maximumBatchingWindowInSeconds: number;
}

/**
 * Whether the records read from a shard make a batch now: a full batch, or the batching
 * window has run out since the first of them was read (at once with no window), or the
 * shard has ended.
 */
export function batchIsReady(state: BufferState, settings: BatchingSettings, nowMs: number): boolean {
  if (state.buffered === 0 || state.firstBufferedAtMs === undefined) return false;
  if (state.buffered >= settings.batchSize || state.shardEnded) return true;
  return nowMs - state.firstBufferedAtMs >= settings.maximumBatchingWindowInSeconds * 1000;
}

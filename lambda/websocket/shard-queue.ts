import type { ShardMessage } from './shard-messages';

/** Where the notifier hands shards of a change to the posters: a FIFO queue. */
export interface ShardQueue {
  /** Enqueues the messages in order; throws unless every one was accepted (or deduplicated). */
  send(messages: readonly ShardMessage[]): Promise<void>;
}

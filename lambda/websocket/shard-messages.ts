import { createHash } from 'node:crypto';
import { DomainError } from '../shared/errors';
import { messageGroupOf, shardOf } from './fanout-shards';

/** What a fan-out message carries: one change for some connections of one shard. */
export interface ShardPost {
  /** The CloudEvent's id, for the logs. */
  readonly eventId: string;
  /** The CloudEvent's JSON, posted as is. */
  readonly data: string;
  readonly connectionIds: readonly string[];
}

/** A message for the fan-out FIFO queue. */
export interface ShardMessage {
  readonly groupId: string;
  readonly deduplicationId: string;
  readonly body: string;
}

/**
 * SQS took messages and SendMessageBatch requests of up to 256 KiB until 2025 (1 MiB since):
 * the fan-out keeps under the older limit, which every queue and emulator accepts; 500
 * connection ids take about 10 KiB anyway.
 */
export const MAX_MESSAGE_BYTES = 256 * 1024;
export const MAX_BATCH_BYTES = 256 * 1024;
export const MAX_BATCH_ENTRIES = 10;

/** A change whose event alone does not fit a message. */
export class EventTooLargeError extends DomainError {
  readonly code = 'EVENT_TOO_LARGE';
}

/**
 * The same change for the same connections of the same group always gets the same id, so a
 * retried notifier's messages are dropped by the queue's deduplication. The connections are
 * part of it: a retry that reads a changed subscriber list packs different parts, and a part
 * deduplicated by its number alone could leave a connection without the change.
 */
function deduplicationIdOf(groupId: string, post: ShardPost): string {
  const hash = createHash('sha256');
  hash.update(`${post.eventId}\n${groupId}\n`);
  for (const connectionId of post.connectionIds) hash.update(`${connectionId}\n`);
  return hash.digest('hex');
}

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

function messageOf(groupId: string, post: ShardPost): ShardMessage {
  return { groupId, deduplicationId: deduplicationIdOf(groupId, post), body: JSON.stringify(post) };
}

interface OpenPart {
  readonly connectionIds: string[];
  bytes: number;
}

/**
 * Packs a change's subscribers, as they are read, into messages of one shard each, of at most
 * `shardSize` connections and MAX_MESSAGE_BYTES; a message is handed out as soon as it is full.
 */
export class ShardPacker {
  private readonly open = new Map<string, OpenPart>();
  private readonly emptyBytes: number;

  constructor(
    private readonly checkId: string,
    private readonly eventId: string,
    private readonly data: string,
    private readonly shards: number,
    private readonly shardSize: number,
  ) {
    this.emptyBytes = jsonBytes({ eventId, data, connectionIds: [] });
  }

  /** Adds a connection; returns the message its shard filled, if it did. */
  add(connectionId: string): ShardMessage | undefined {
    const groupId = messageGroupOf(this.checkId, shardOf(connectionId, this.shards));
    const idBytes = jsonBytes(connectionId);
    if (this.emptyBytes + idBytes > MAX_MESSAGE_BYTES) {
      throw new EventTooLargeError(
        `Event ${this.eventId} with one connection is over the ${MAX_MESSAGE_BYTES} bytes of a message`,
      );
    }
    let part = this.open.get(groupId);
    let full: ShardMessage | undefined;
    // The comma before every id but the first.
    if (part !== undefined && part.bytes + 1 + idBytes > MAX_MESSAGE_BYTES) {
      full = this.close(groupId, part);
      part = undefined;
    }
    if (part === undefined) {
      part = { connectionIds: [], bytes: this.emptyBytes - 1 };
      this.open.set(groupId, part);
    }
    part.connectionIds.push(connectionId);
    part.bytes += 1 + idBytes;
    if (part.connectionIds.length >= this.shardSize) return this.close(groupId, part);
    return full;
  }

  /** Every message still open, once the last subscriber is added. */
  drain(): ShardMessage[] {
    return [...this.open].map(([groupId, part]) => this.close(groupId, part));
  }

  private close(groupId: string, part: OpenPart): ShardMessage {
    this.open.delete(groupId);
    return messageOf(groupId, {
      eventId: this.eventId,
      data: this.data,
      connectionIds: part.connectionIds,
    });
  }
}

/** SendMessageBatch requests, in order: at most 10 entries and MAX_BATCH_BYTES of bodies each. */
export function sendBatchesOf(messages: readonly ShardMessage[]): ShardMessage[][] {
  const batches: ShardMessage[][] = [];
  let batch: ShardMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.body);
    if (batch.length === MAX_BATCH_ENTRIES || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(message);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

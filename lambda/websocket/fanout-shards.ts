/**
 * FNV-1a (32 bits) over the id's UTF-8 bytes: cheap, stable across processes and releases,
 * and spread evenly over API Gateway's random connection ids.
 */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The shard a connection always falls in, whatever the check and the change: 0 .. shards-1. */
export function shardOf(connectionId: string, shards: number): number {
  return fnv1a(connectionId) % shards;
}

/**
 * The FIFO message group of a check's shard. SQS hands out a group's messages in order and
 * one batch at a time, so a connection, always in the same shard, gets version n before n+1.
 */
export function messageGroupOf(checkId: string, shard: number): string {
  return `${checkId}#${shard}`;
}

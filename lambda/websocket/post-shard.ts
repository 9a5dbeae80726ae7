import * as z from 'zod/mini';
import { parseJson, parseWith } from '../shared/validate';
import { postToConnections, type PostDeps, type PostOutcome } from './notify';
import type { ShardPost } from './shard-messages';

const shardPostSchema = z.object({
  eventId: z.string().check(z.minLength(1)),
  data: z.string().check(z.minLength(1)),
  connectionIds: z.array(z.string().check(z.minLength(1))),
});

/** A fan-out message's body, or a named error that fails the message (and keeps it in sight). */
export function parseShardPost(body: string): ShardPost {
  return parseWith(shardPostSchema, parseJson(body), 'fan-out message');
}

/**
 * Posts one queued shard of a change: gone connections are removed and count as delivered;
 * any other failure throws, so that this message, and the later ones of its group, are
 * retried while the other shards go on.
 */
export async function postShard(deps: PostDeps, post: ShardPost): Promise<PostOutcome> {
  return postToConnections(deps, post.connectionIds, post.data, `event ${post.eventId}`);
}

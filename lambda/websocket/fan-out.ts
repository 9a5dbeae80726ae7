import type { CheckCloudEvent } from '../shared/cloud-event';
import { CONNECTION_TTL_SECONDS, type ConnectionStore } from './connections';
import { postToConnections, type PostDeps } from './notify';
import { MAX_BATCH_ENTRIES, ShardPacker, type ShardMessage } from './shard-messages';
import type { ShardQueue } from './shard-queue';

export interface FanoutSettings {
  /** A change with at most this many subscribers is posted by the notifier itself. */
  readonly inlineLimit: number;
  /** Shards a check's subscribers are spread over: the posters that can work on one change at once. */
  readonly shards: number;
  /** Connections one queued message names at most. */
  readonly shardSize: number;
}

export interface FanoutDeps extends PostDeps {
  readonly connections: Pick<ConnectionStore, 'subscriberPages' | 'markQueued' | 'remove'>;
  readonly queue: ShardQueue;
  readonly settings: FanoutSettings;
  readonly now?: () => Date;
}

export type FanoutOutcome =
  | { readonly mode: 'inline'; readonly delivered: number; readonly gone: number; readonly skipped: number }
  | {
      readonly mode: 'queued';
      readonly subscribers: number;
      readonly messages: number;
      readonly skipped: number;
    };

/**
 * Gets a change to the subscribers of its check's tenant. A small audience is posted here and
 * now; a large one, or any change of a check marked queued, is handed to the fan-out queue in
 * shards, read page by page so that no list of every subscriber is held.
 *
 * The mark is written before the first message of every queued change, and lives as long as a
 * connection can: a change posted here must not overtake a queued one on its way to the same
 * connection, and no connection outlives a mark set when it was open.
 */
export async function fanOut(
  deps: FanoutDeps,
  tenant: string,
  event: CheckCloudEvent,
): Promise<FanoutOutcome> {
  const { settings, queue } = deps;
  const checkId = event.subject;
  const data = JSON.stringify(event);
  const nowSeconds = Math.floor((deps.now?.() ?? new Date()).getTime() / 1000);
  const held: string[] = [];
  const pending: ShardMessage[] = [];
  let skipped = 0;
  let queued = 0;
  let messages = 0;
  let packer: ShardPacker | undefined;

  const sendPending = async (): Promise<void> => {
    messages += pending.length;
    await queue.send(pending.splice(0));
  };

  for await (const page of deps.connections.subscriberPages(checkId)) {
    for (const { connectionId, tenant: owner } of page.subscribers) {
      if (owner === tenant) held.push(connectionId);
      else skipped += 1;
    }
    const marked = page.queuedUntil !== undefined && page.queuedUntil > nowSeconds;
    if (packer === undefined && (marked || held.length > settings.inlineLimit)) {
      await deps.connections.markQueued(checkId, nowSeconds + CONNECTION_TTL_SECONDS);
      packer = new ShardPacker(checkId, event.id, data, settings.shards, settings.shardSize);
    }
    if (packer === undefined) continue;
    for (const connectionId of held) {
      const full = packer.add(connectionId);
      if (full !== undefined) pending.push(full);
    }
    queued += held.length;
    held.length = 0;
    if (pending.length >= MAX_BATCH_ENTRIES) await sendPending();
  }

  if (packer === undefined) {
    const outcome = await postToConnections(deps, held, data, `event ${event.id}`);
    return { mode: 'inline', ...outcome, skipped };
  }
  pending.push(...packer.drain());
  if (pending.length > 0) await sendPending();
  return { mode: 'queued', subscribers: queued, messages, skipped };
}

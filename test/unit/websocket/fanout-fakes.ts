import { newConnection, subscriptionOf } from '../../../lambda/websocket/connections';
import type { FanoutDeps, FanoutSettings } from '../../../lambda/websocket/fan-out';
import type { ShardMessage } from '../../../lambda/websocket/shard-messages';
import type { ShardQueue } from '../../../lambda/websocket/shard-queue';
import { InMemoryConnectionStore } from './in-memory-connection-store';
import { CHECK_ID } from '../support/checks';

/** A poster that records what it posts and fails the connections it is told to. */
export class FakePoster {
  readonly posts: { connectionId: string; data: string }[] = [];
  readonly failures = new Map<string, Error>();
  inFlight = 0;
  maxInFlight = 0;

  async post(connectionId: string, data: string): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight -= 1;
    const failure = this.failures.get(connectionId);
    if (failure !== undefined) throw failure;
    this.posts.push({ connectionId, data });
  }
}

/** A FIFO queue's sending side that keeps what it was sent, and drops a repeated deduplication id. */
export class RecordingShardQueue implements ShardQueue {
  readonly messages: ShardMessage[] = [];
  readonly sends: number[] = [];
  private readonly seen = new Set<string>();
  failNext: Error | undefined;

  async send(messages: readonly ShardMessage[]): Promise<void> {
    if (this.failNext !== undefined) {
      const failure = this.failNext;
      this.failNext = undefined;
      throw failure;
    }
    this.sends.push(messages.length);
    for (const message of messages) {
      if (this.seen.has(message.deduplicationId)) continue;
      this.seen.add(message.deduplicationId);
      this.messages.push(message);
    }
  }
}

export const SETTINGS: FanoutSettings = { inlineLimit: 1000, shards: 4, shardSize: 100 };

export const NOW = new Date('2025-01-01T00:00:00Z');

export function subscribe(connections: InMemoryConnectionStore, connectionId: string, tenant: string): void {
  const connection = newConnection(connectionId, tenant, NOW);
  connections.connections.set(connectionId, connection);
  void connections.subscribe(subscriptionOf(connection, CHECK_ID));
}

export interface FanoutSetUp {
  readonly deps: FanoutDeps;
  readonly connections: InMemoryConnectionStore;
  readonly poster: FakePoster;
  readonly queue: RecordingShardQueue;
}

export function setUpFanout(
  subscribers: readonly [connectionId: string, tenant: string][],
  { settings = SETTINGS, concurrency = 10, pageSize = 100 } = {},
): FanoutSetUp {
  const connections = new InMemoryConnectionStore(pageSize);
  for (const [connectionId, tenant] of subscribers) subscribe(connections, connectionId, tenant);
  const poster = new FakePoster();
  const queue = new RecordingShardQueue();
  const deps: FanoutDeps = { connections, poster, concurrency, queue, settings, now: () => NOW };
  return { deps, connections, poster, queue };
}

import { Ledger } from '../ledger';
import { versionsBetween } from '../versions';
import { SnapshotStream } from './snapshot-stream';

interface Waiter {
  readonly resolve: (allFinished: boolean) => void;
}

/**
 * The ledger of raw WebSocket subscriptions: each stream is expected to carry every version
 * from its snapshot's to the check's final one, once each, in order (`every`). It knows when
 * every stream has reached its final version, so a scenario waits for exactly that.
 */
export class SubscriptionLedger {
  readonly ledger = new Ledger();
  private readonly finals = new Map<string, number>();
  private readonly streams: SnapshotStream[] = [];
  private finished = 0;
  private waiters: Waiter[] = [];

  /** Declares a check and its final version, before any stream of it. */
  check(checkId: string, finalVersion: number): void {
    this.finals.set(checkId, finalVersion);
  }

  stream(client: string, checkId: string): SnapshotStream {
    const final = this.finals.get(checkId);
    if (final === undefined) throw new Error(`Check ${checkId} was not declared`);
    let ended = false;
    const reached = (version: number) => {
      if (version !== final || ended) return;
      ended = true;
      this.finished += 1;
      if (this.finished === this.streams.length) this.release(true);
    };
    const stream = new SnapshotStream({
      started: (version) => {
        this.ledger.expect(client, checkId, versionsBetween(version, final), 'every');
        this.ledger.receive(client, checkId, version);
        reached(version);
      },
      received: (version) => {
        this.ledger.receive(client, checkId, version);
        reached(version);
      },
    });
    this.streams.push(stream);
    return stream;
  }

  /** True once every stream has its final version; false if `timeoutMs` passed first. */
  allFinished(timeoutMs: number): Promise<boolean> {
    if (this.finished === this.streams.length) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        resolve(false);
      }, timeoutMs);
      const entry: Waiter = {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
      };
      this.waiters.push(entry);
    });
  }

  get finishedStreams(): number {
    return this.finished;
  }

  /** Streams whose `subscribed` reply never came: the ledger cannot account for them. */
  get streamsWithoutSnapshot(): number {
    return this.streams.filter((stream) => stream.snapshotVersion === undefined).length;
  }

  /** What the snapshots did: how many came after the check had changed, and the overlaps. */
  snapshotFigures(): { lateSnapshots: number; versionsBeforeSnapshots: number; snapshotOverlaps: number } {
    let lateSnapshots = 0;
    let versionsBeforeSnapshots = 0;
    let snapshotOverlaps = 0;
    for (const stream of this.streams) {
      const version = stream.snapshotVersion ?? 1;
      if (version > 1) lateSnapshots += 1;
      versionsBeforeSnapshots += version - 1;
      snapshotOverlaps += stream.overlaps;
    }
    return { lateSnapshots, versionsBeforeSnapshots, snapshotOverlaps };
  }

  private release(value: boolean): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.resolve(value);
  }
}

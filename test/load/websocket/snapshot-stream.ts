/** Where a subscription's versions go: the snapshot first, then each version pushed after it. */
export interface StreamSink {
  started(snapshotVersion: number): void;
  received(version: number): void;
}

/**
 * One raw WebSocket client's view of one check it subscribed to, read as the contract has it.
 * The `subscribed` reply's snapshot is the version it carries. The server subscribes first and
 * reads the check second (`lambda/websocket/session.ts`), so a change is in the snapshot, or
 * pushed after it, or both: the first push of a version at or below the snapshot's is that
 * overlap, not a duplicate; any second one is passed on, for the ledger to count. A push that
 * arrives before the reply (the notifier may post before the route answers) is held and taken
 * after the snapshot, in arrival order, so an out-of-order push still shows.
 */
export class SnapshotStream {
  private snapshot: number | undefined;
  private readonly early: number[] = [];
  private readonly overlapped = new Set<number>();

  constructor(private readonly sink: StreamSink) {}

  /** Pushes at or below the snapshot's version, taken once each as the contract's overlap. */
  get overlaps(): number {
    return this.overlapped.size;
  }

  get snapshotVersion(): number | undefined {
    return this.snapshot;
  }

  subscribed(version: number): void {
    if (this.snapshot !== undefined) throw new Error('A stream takes one snapshot');
    this.snapshot = version;
    this.sink.started(version);
    for (const pushed of this.early.splice(0)) this.pushed(pushed);
  }

  pushed(version: number): void {
    if (this.snapshot === undefined) {
      this.early.push(version);
      return;
    }
    if (version <= this.snapshot && !this.overlapped.has(version)) {
      this.overlapped.add(version);
      return;
    }
    this.sink.received(version);
  }
}

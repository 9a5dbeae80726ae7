/** What the sandbox remembers of a connection, open or recently closed. */
export interface ConnectionRecord {
  readonly connectionId: string;
  /** Epoch ms. */
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  /** Epoch ms. */
  readonly lastActiveAt: number;
  /** `@connections` posts that reached the socket. */
  postsDelivered: number;
  /** `@connections` posts answered 410 because the connection had closed. */
  postsGone: number;
  /** `@connections` posts answered 429: over the account's throttle. */
  postsThrottled: number;
}

/** The shape `GET /_sandbox/connections` lists. */
export interface ConnectionSummary {
  readonly connectionId: string;
  readonly connectedAt: string;
  readonly sourceIp: string;
  readonly userAgent: string | null;
  readonly open: boolean;
  readonly postsDelivered: number;
  readonly postsGone: number;
  readonly postsThrottled: number;
}

/** How many closed connections stay listed, so late posts to them are still counted. */
export const CLOSED_CONNECTIONS_KEPT = 1_000;

function summaryOf(record: ConnectionRecord, open: boolean): ConnectionSummary {
  return {
    connectionId: record.connectionId,
    connectedAt: new Date(record.connectedAt).toISOString(),
    sourceIp: record.sourceIp,
    userAgent: record.userAgent ?? null,
    open,
    postsDelivered: record.postsDelivered,
    postsGone: record.postsGone,
    postsThrottled: record.postsThrottled,
  };
}

/**
 * Open connections, each its own record while it is open, and copies of the last closed
 * ones, oldest forgotten first: a closed connection's socket is not kept for its record.
 */
export class ConnectionRegistry<Live extends ConnectionRecord> {
  private readonly open = new Map<string, Live>();
  private readonly closed = new Map<string, ConnectionRecord>();

  constructor(private readonly closedKept = CLOSED_CONNECTIONS_KEPT) {}

  add(live: Live): void {
    this.open.set(live.connectionId, live);
  }

  /** The open connection, if it is still open. */
  live(connectionId: string): Live | undefined {
    return this.open.get(connectionId);
  }

  record(connectionId: string): ConnectionRecord | undefined {
    return this.open.get(connectionId) ?? this.closed.get(connectionId);
  }

  openHandles(): Live[] {
    return [...this.open.values()];
  }

  markClosed(connectionId: string): void {
    const live = this.open.get(connectionId);
    if (live === undefined) return;
    this.open.delete(connectionId);
    const { connectedAt, sourceIp, userAgent, lastActiveAt, postsDelivered, postsGone, postsThrottled } =
      live;
    this.closed.set(connectionId, {
      connectionId,
      connectedAt,
      sourceIp,
      userAgent,
      lastActiveAt,
      postsDelivered,
      postsGone,
      postsThrottled,
    });
    while (this.closed.size > this.closedKept) {
      const oldest = this.closed.keys().next().value;
      if (oldest === undefined) break;
      this.closed.delete(oldest);
    }
  }

  summaries(): ConnectionSummary[] {
    return [...this.open.values()]
      .map((record) => summaryOf(record, true))
      .concat([...this.closed.values()].map((record) => summaryOf(record, false)))
      .sort((left, right) => Date.parse(left.connectedAt) - Date.parse(right.connectedAt));
  }
}

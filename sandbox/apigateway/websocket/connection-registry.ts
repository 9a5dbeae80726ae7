/** What the sandbox remembers of a connection, open or recently closed. */
export interface ConnectionRecord {
  readonly connectionId: string;
  readonly connectedAt: Date;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  lastActiveAt: Date;
  open: boolean;
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

/**
 * Open connections with their live handle, and the last closed ones, oldest forgotten first.
 * The handle is whatever the server sends through; the registry never touches it.
 */
export class ConnectionRegistry<Live> {
  private readonly open = new Map<string, { readonly record: ConnectionRecord; readonly live: Live }>();
  private readonly closed = new Map<string, ConnectionRecord>();

  constructor(private readonly closedKept = CLOSED_CONNECTIONS_KEPT) {}

  add(record: ConnectionRecord, live: Live): void {
    this.open.set(record.connectionId, { record, live });
  }

  /** The open connection's handle, if it is still open. */
  live(connectionId: string): Live | undefined {
    return this.open.get(connectionId)?.live;
  }

  record(connectionId: string): ConnectionRecord | undefined {
    return this.open.get(connectionId)?.record ?? this.closed.get(connectionId);
  }

  openHandles(): Live[] {
    return [...this.open.values()].map(({ live }) => live);
  }

  markClosed(connectionId: string): void {
    const entry = this.open.get(connectionId);
    if (entry === undefined) return;
    this.open.delete(connectionId);
    entry.record.open = false;
    this.closed.set(connectionId, entry.record);
    while (this.closed.size > this.closedKept) {
      const oldest = this.closed.keys().next().value;
      if (oldest === undefined) break;
      this.closed.delete(oldest);
    }
  }

  summaries(): ConnectionSummary[] {
    return [...this.open.values()]
      .map(({ record }) => record)
      .concat([...this.closed.values()])
      .sort((left, right) => left.connectedAt.getTime() - right.connectedAt.getTime())
      .map((record) => ({
        connectionId: record.connectionId,
        connectedAt: record.connectedAt.toISOString(),
        sourceIp: record.sourceIp,
        userAgent: record.userAgent ?? null,
        open: record.open,
        postsDelivered: record.postsDelivered,
        postsGone: record.postsGone,
        postsThrottled: record.postsThrottled,
      }));
  }
}

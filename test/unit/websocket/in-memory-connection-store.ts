import type {
  Connection,
  ConnectionStore,
  Subscriber,
  SubscriberPage,
  ConnectionSubscription,
} from '../../../lambda/websocket/connections';

/** A ConnectionStore over maps, with the DynamoDB store's semantics; pages as small as asked. */
export class InMemoryConnectionStore implements ConnectionStore {
  readonly connections = new Map<string, Connection>();
  /** checkId -> connectionId -> subscription */
  readonly subscriptions = new Map<string, Map<string, ConnectionSubscription>>();
  /** checkId -> epoch seconds of its queued-mode mark */
  readonly queuedMarks = new Map<string, number>();
  readonly removed: string[] = [];
  /** Pages read, to tell that the store is read a page at a time. */
  pagesRead = 0;

  constructor(private readonly pageSize = 100) {}

  async add(connection: Connection): Promise<void> {
    this.connections.set(connection.connectionId, connection);
  }

  async get(connectionId: string): Promise<Connection | undefined> {
    return this.connections.get(connectionId);
  }

  async remove(connectionId: string): Promise<void> {
    this.removed.push(connectionId);
    this.connections.delete(connectionId);
    for (const byConnection of this.subscriptions.values()) byConnection.delete(connectionId);
  }

  async subscribe(subscription: ConnectionSubscription): Promise<void> {
    const byConnection =
      this.subscriptions.get(subscription.checkId) ?? new Map<string, ConnectionSubscription>();
    byConnection.set(subscription.connectionId, subscription);
    this.subscriptions.set(subscription.checkId, byConnection);
  }

  async unsubscribe(connectionId: string, checkId: string): Promise<void> {
    this.subscriptions.get(checkId)?.delete(connectionId);
  }

  async *subscriberPages(checkId: string): AsyncIterable<SubscriberPage> {
    // Sorted by id, as the table's sort key orders them; the mark first, as it sorts first.
    const subscribers: Subscriber[] = [...(this.subscriptions.get(checkId)?.values() ?? [])]
      .map(({ connectionId, tenant }) => ({ connectionId, tenant }))
      .sort((a, b) => (a.connectionId < b.connectionId ? -1 : 1));
    const queuedUntil = this.queuedMarks.get(checkId);
    for (let start = 0; start === 0 || start < subscribers.length; start += this.pageSize) {
      this.pagesRead += 1;
      const page = subscribers.slice(start, start + this.pageSize);
      yield start === 0 && queuedUntil !== undefined
        ? { subscribers: page, queuedUntil }
        : { subscribers: page };
    }
  }

  async markQueued(checkId: string, until: number): Promise<void> {
    this.queuedMarks.set(checkId, until);
  }

  subscribedConnections(checkId: string): string[] {
    return [...(this.subscriptions.get(checkId)?.keys() ?? [])];
  }
}

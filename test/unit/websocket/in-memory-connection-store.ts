import type {
  Connection,
  ConnectionStore,
  Subscriber,
  ConnectionSubscription,
} from '../../../lambda/websocket/connections';

/** A ConnectionStore over two maps, with the DynamoDB store's semantics. */
export class InMemoryConnectionStore implements ConnectionStore {
  readonly connections = new Map<string, Connection>();
  /** checkId -> connectionId -> subscription */
  readonly subscriptions = new Map<string, Map<string, ConnectionSubscription>>();
  readonly removed: string[] = [];

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

  async subscribersOf(checkId: string): Promise<Subscriber[]> {
    return [...(this.subscriptions.get(checkId)?.values() ?? [])].map(({ connectionId, tenant }) => ({
      connectionId,
      tenant,
    }));
  }

  subscribedConnections(checkId: string): string[] {
    return [...(this.subscriptions.get(checkId)?.keys() ?? [])];
  }
}

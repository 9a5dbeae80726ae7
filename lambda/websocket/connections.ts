import { DomainError } from '../shared/errors';

/**
 * API Gateway closes a WebSocket after 2 hours; its items outlive it a little so that a
 * missed $disconnect is still cleaned up by the table's TTL, never kept forever.
 */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60 + 10 * 60;

/** An open WebSocket and the tenant its token named at $connect. */
export interface Connection {
  readonly connectionId: string;
  readonly tenant: string;
  readonly connectedAt: string;
  /** Epoch seconds after which the table's TTL removes the item. */
  readonly expiresAt: number;
}

/** A WebSocket connection's subscription to one check (a webhook's is a WebhookSubscription). */
export interface ConnectionSubscription {
  readonly connectionId: string;
  readonly checkId: string;
  readonly tenant: string;
  readonly expiresAt: number;
}

export interface Subscriber {
  readonly connectionId: string;
  readonly tenant: string;
}

/** A page of a check's subscribers, as the store reads them. */
export interface SubscriberPage {
  readonly subscribers: readonly Subscriber[];
  /**
   * Epoch seconds until which the check's changes go through the fan-out queue, when the
   * check is marked so (see markQueued); the mark sorts first, so it comes in the first page.
   */
  readonly queuedUntil?: number;
}

export function newConnection(connectionId: string, tenant: string, connectedAt: Date): Connection {
  return {
    connectionId,
    tenant,
    connectedAt: connectedAt.toISOString(),
    expiresAt: Math.floor(connectedAt.getTime() / 1000) + CONNECTION_TTL_SECONDS,
  };
}

/** A subscription lives no longer than its connection. */
export function subscriptionOf(connection: Connection, checkId: string): ConnectionSubscription {
  return {
    connectionId: connection.connectionId,
    checkId,
    tenant: connection.tenant,
    expiresAt: connection.expiresAt,
  };
}

/** Where WebSocket connections and their check subscriptions live. */
export interface ConnectionStore {
  add(connection: Connection): Promise<void>;
  get(connectionId: string): Promise<Connection | undefined>;
  /** Removes the connection and every subscription it holds; removing an unknown one does nothing. */
  remove(connectionId: string): Promise<void>;
  subscribe(subscription: ConnectionSubscription): Promise<void>;
  unsubscribe(connectionId: string, checkId: string): Promise<void>;
  /** Every connection subscribed to the check, whatever its tenant (callers filter), a page at a time. */
  subscriberPages(checkId: string): AsyncIterable<SubscriberPage>;
  /**
   * Marks the check's changes as queued until `until` (epoch seconds): once one change went
   * through the fan-out queue, a later one posted inline could overtake it.
   */
  markQueued(checkId: string, until: number): Promise<void>;
}

/** The connection closed; whoever posted should forget it. */
export class GoneConnectionError extends DomainError {
  readonly code = 'GONE';
}

/** Sends a message down an open WebSocket. */
export interface ConnectionPoster {
  /** Throws GoneConnectionError when the connection no longer exists. */
  post(connectionId: string, data: string): Promise<void>;
}

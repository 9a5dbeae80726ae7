import pLimit from 'p-limit';
import type { CheckCloudEvent } from '../shared/cloud-event';
import { GoneConnectionError, type ConnectionPoster, type ConnectionStore } from './connections';

export interface NotifyDeps {
  readonly connections: Pick<ConnectionStore, 'subscribersOf' | 'remove'>;
  readonly poster: ConnectionPoster;
  /** Posts in flight at once, so a popular check neither floods the API nor runs serially. */
  readonly concurrency: number;
}

export interface NotifyOutcome {
  readonly delivered: number;
  /** Connections found closed and removed. */
  readonly gone: number;
  /** Subscribers of another tenant, skipped: a check's events go to its own tenant only. */
  readonly skipped: number;
}

/**
 * Posts the event to every subscriber of the check's tenant. A closed connection is removed
 * and counts as delivered (nobody is left to tell). Any other failure throws once every post
 * has settled, so the caller retries the event; subscribers that already got it get it again
 * and tell the copies apart by the CloudEvent id.
 */
export async function notifySubscribers(
  deps: NotifyDeps,
  tenant: string,
  event: CheckCloudEvent,
): Promise<NotifyOutcome> {
  const subscribers = await deps.connections.subscribersOf(event.subject);
  const targets = subscribers.filter((subscriber) => subscriber.tenant === tenant);
  const data = JSON.stringify(event);
  const limit = pLimit(deps.concurrency);
  const results = await Promise.allSettled(
    targets.map(({ connectionId }) =>
      limit(async (): Promise<'delivered' | 'gone'> => {
        try {
          await deps.poster.post(connectionId, data);
          return 'delivered';
        } catch (error) {
          if (!(error instanceof GoneConnectionError)) throw error;
          await deps.connections.remove(connectionId);
          return 'gone';
        }
      }),
    ),
  );
  const errors = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason as unknown] : [],
  );
  if (errors.length > 0) {
    throw new AggregateError(
      errors,
      `${errors.length} of ${targets.length} posts of event ${event.id} failed`,
    );
  }
  const gone = results.filter((result) => result.status === 'fulfilled' && result.value === 'gone').length;
  return { delivered: targets.length - gone, gone, skipped: subscribers.length - targets.length };
}

import pLimit from 'p-limit';
import { GoneConnectionError, type ConnectionPoster, type ConnectionStore } from './connections';

export interface PostDeps {
  readonly connections: Pick<ConnectionStore, 'remove'>;
  readonly poster: ConnectionPoster;
  /** Posts in flight at once, so a popular check neither floods the API nor runs serially. */
  readonly concurrency: number;
}

export interface PostOutcome {
  readonly delivered: number;
  /** Connections found closed and removed. */
  readonly gone: number;
}

/**
 * Posts `data` to every connection. A closed connection is removed and counts as delivered
 * (nobody is left to tell). Any other failure throws once every post has settled, so the
 * caller retries; connections that already got it get it again and tell the copies apart by
 * the CloudEvent id.
 */
export async function postToConnections(
  deps: PostDeps,
  connectionIds: readonly string[],
  data: string,
  what: string,
): Promise<PostOutcome> {
  const limit = pLimit(deps.concurrency);
  const results = await Promise.allSettled(
    connectionIds.map((connectionId) =>
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
    throw new AggregateError(errors, `${errors.length} of ${connectionIds.length} posts of ${what} failed`);
  }
  const gone = results.filter((result) => result.status === 'fulfilled' && result.value === 'gone').length;
  return { delivered: connectionIds.length - gone, gone };
}

import type { AdminConnection } from '../../../e2e/support/sandbox-admin';
import type { Watcher } from './watcher';

export interface Cleanup {
  readonly postsGoneToDropped: number;
  readonly postsGoneToClosed: number;
  readonly problems: readonly string[];
}

/**
 * Whether every faulted connection was cleaned up, from the sandbox's admin list:
 * - it is listed as closed;
 * - the notifier stopped posting to it. It queries the connections table on every change
 *   and posts to each record there, so a stale record would draw a 410 on every later change.
 *   A `GoneException` deletes the record: a dropped connection (no `$disconnect`) draws
 *   exactly one 410 when the check changed at least twice after the cut (the first change may
 *   have been in flight as it happened), at most one otherwise; a closed one (its
 *   `$disconnect` deletes the record) at most one, from a post racing the disconnect.
 * The connections table itself is not read: DynamoDB Local's endpoint is not in the endpoints
 * file, and the 410 count is what a stale record would change.
 */
export function checkCleanup(
  watchers: readonly Watcher[],
  connections: readonly AdminConnection[],
  finalVersion: number,
): Cleanup {
  const byId = new Map(connections.map((connection) => [connection.connectionId, connection]));
  const problems: string[] = [];
  let postsGoneToDropped = 0;
  let postsGoneToClosed = 0;
  for (const watcher of watchers) {
    if (watcher.fault === 'kept' || watcher.faulted === undefined) continue;
    const { connectionId, version } = watcher.faulted;
    const listed = byId.get(connectionId);
    if (listed === undefined) {
      problems.push(`${watcher.name}: ${watcher.fault} connection ${connectionId} is not in the admin list`);
      continue;
    }
    if (listed.open)
      problems.push(`${watcher.name}: ${watcher.fault} connection ${connectionId} is still open`);
    if (watcher.fault === 'dropped') postsGoneToDropped += listed.postsGone;
    else postsGoneToClosed += listed.postsGone;
    const exactlyOne = watcher.fault === 'dropped' && version <= finalVersion - 2;
    if (listed.postsGone > 1 || (exactlyOne && listed.postsGone !== 1)) {
      problems.push(
        `${watcher.name}: ${listed.postsGone} posts answered 410 to ${watcher.fault} connection ${connectionId}` +
          ` (cut at version ${version} of ${finalVersion}), expected ${exactlyOne ? 'exactly 1' : 'at most 1'}`,
      );
    }
  }
  return { postsGoneToDropped, postsGoneToClosed, problems };
}

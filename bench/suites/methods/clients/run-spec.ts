import type { AppSyncEventsTarget } from './appsync-events';

/** What every method's driver is given: one fresh tenant, and how to start its check. */
export interface RunSpec {
  readonly restUrl: string;
  readonly wsUrl: string;
  /** The sandbox's AppSync Events endpoints, when it has them. */
  readonly appSyncEvents?: AppSyncEventsTarget;
  /** A bearer token of a tenant of this run's own. */
  readonly token: string;
  readonly clients: number;
  /** Creates the check (`steps`, `stepMs`); answers its id. Uncounted: it is not a client's cost. */
  createCheck(): Promise<string>;
  /** The version of the check's last step: a client that knows it is done. */
  readonly finalVersion: number;
  /** Epoch ms after which the run gives up on clients that are not done. */
  readonly deadline: number;
}

export function checkUrl(
  restUrl: string,
  path: string,
  query: Readonly<Record<string, string>> = {},
): string {
  const url = new URL(path, restUrl);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

/** Starts `count` tasks with at most `limit` running at once, so attaching N clients does not open N sockets in one tick. */
export async function inBatches<T>(
  count: number,
  limit: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

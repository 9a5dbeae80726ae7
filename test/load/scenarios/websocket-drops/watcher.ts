import type WebSocket from 'ws';
import { watchCheck, type WatchStats } from '../../../../client';
import { dropConnection, listConnections } from '../../../e2e/support/sandbox-admin';
import type { Ledger } from '../../ledger';
import type { LoadTarget } from '../../scenario';
import { versionsBetween } from '../../versions';
import { recordingWebSocket } from './recording-websocket';
import type { Fault } from './sizes';

/** One client of the scenario and what happened to it. */
export interface Watcher {
  readonly name: string;
  readonly checkId: string;
  readonly fault: Fault;
  /** The delivered version that triggers the fault. */
  readonly faultVersion: number;
  /** The connection the fault cut, and the version the client had when it did. */
  faulted?: { readonly connectionId: string; readonly version: number };
  stats?: WatchStats;
  /** Why the watch or its fault failed, if it did. */
  failure?: string;
}

export interface WatchDeps {
  readonly target: LoadTarget;
  readonly token: string;
  readonly ledger: Ledger;
  readonly finalVersion: number;
  readonly signal: AbortSignal;
  /** Called once, at the first delivery or when the watch ends without one. */
  readonly onStarted: () => void;
}

/** The client's one open connection, found by the User-Agent only its sockets send. */
async function openConnectionOf(target: LoadTarget, userAgent: string): Promise<string> {
  const open = (await listConnections(target.admin)).filter(
    (connection) => connection.userAgent === userAgent && connection.open,
  );
  if (open.length !== 1) throw new Error(`${open.length} open connections of ${userAgent}, expected 1`);
  return open[0].connectionId;
}

async function injectFault(
  watcher: Watcher,
  target: LoadTarget,
  sockets: readonly WebSocket[],
  version: number,
): Promise<void> {
  const connectionId = await openConnectionOf(target, watcher.name);
  if (watcher.fault === 'dropped') await dropConnection(target.admin, connectionId);
  else sockets.at(-1)?.terminate();
  watcher.faulted = { connectionId, version };
}

/**
 * Follows the watcher's check through the project's client, on WebSocket only, to its end,
 * and cuts its connection once, mid-run, as its fault says. A kept client's stream is
 * `every`: its connection pushes each version. A faulted client's is `latest`: while it is
 * disconnected nobody can push to it, and when it resubscribes the `subscribed` snapshot is
 * the check's current state, which holds (coalesces) every version it missed; the client
 * then delivers each version once, in order, and must end on the final one.
 */
export async function follow(watcher: Watcher, deps: WatchDeps): Promise<void> {
  const sockets: WebSocket[] = [];
  const watch = watchCheck(watcher.checkId, {
    restUrl: deps.target.restUrl,
    wsUrl: deps.target.wsUrl,
    token: deps.token,
    WebSocket: recordingWebSocket(watcher.name, sockets),
    transports: ['websocket'],
    // Starts and cuts on a loaded machine fail a few times in a row; the watch must ride them.
    maxRetries: 8,
    // Hundreds of clients subscribe at once: a slow answer is load, not a proxy buffering it.
    firstEventTimeoutMs: 30_000,
    retryBaseDelayMs: 250,
    signal: deps.signal,
  });
  let fault: Promise<void> | undefined;
  let following = false;
  try {
    for await (const event of watch) {
      const version = event.data.version;
      if (!following) {
        deps.onStarted();
        const delivery = watcher.fault === 'kept' ? 'every' : 'latest';
        deps.ledger.expect(
          watcher.name,
          watcher.checkId,
          versionsBetween(version, deps.finalVersion),
          delivery,
        );
        following = true;
      }
      deps.ledger.receive(watcher.name, watcher.checkId, version);
      const due = version >= watcher.faultVersion && version < deps.finalVersion;
      if (watcher.fault !== 'kept' && fault === undefined && due) {
        fault = injectFault(watcher, deps.target, sockets, version);
      }
    }
    if (!following) watcher.failure = 'the watch ended without delivering anything';
  } catch (error) {
    watcher.failure = `the watch failed: ${(error as Error).message}`;
  }
  deps.onStarted();
  try {
    await fault;
  } catch (error) {
    watcher.failure ??= `the fault could not be injected: ${(error as Error).message}`;
  }
  watcher.stats = watch.stats();
}

import { watchCheck } from '../../../../client';
import type { CheckCloudEvent, TransportName, WatchStats } from '../../../../client';
import type { Ledger } from '../../ledger';
import type { PollingSizes } from './sizes';

/** One client following one check over one transport. */
export interface Follower {
  readonly name: string;
  readonly transport: Extract<TransportName, 'long-poll' | 'sse'>;
  readonly checkId: string;
}

/** The clients, long-poll and SSE taking turns, so that both ramp up side by side. */
export function followersOf(
  sizes: Pick<PollingSizes, 'longPollClients' | 'sseClients'>,
  checkIds: readonly string[],
): Follower[] {
  const followers: Follower[] = [];
  const count = Math.max(sizes.longPollClients, sizes.sseClients);
  for (let index = 0; index < count; index += 1) {
    const checkId = checkIds[index % checkIds.length] as string;
    if (index < sizes.longPollClients)
      followers.push({ name: `long-poll-${index + 1}`, transport: 'long-poll', checkId });
    if (index < sizes.sseClients) followers.push({ name: `sse-${index + 1}`, transport: 'sse', checkId });
  }
  return followers;
}

export interface FollowOptions {
  readonly restUrl: string;
  readonly token: string;
  readonly waitSeconds: number;
  /** The follower gives up (and the ledger finds the final version missing) after this. */
  readonly timeoutMs: number;
  readonly ledger: Ledger;
}

export interface Followed {
  readonly follower: Follower;
  readonly stats: WatchStats;
  /** Distinct versions received; more than one means it followed the check while it changed. */
  readonly versions: number;
  readonly ended: boolean;
  readonly error: string | undefined;
}

/**
 * Hundreds of environments start cold at once on a small machine: a stream may take longer
 * than the client's default 5 s to say anything, which is load, not a buffering proxy, and
 * a start-up past Lambda's 10 s init limit answers 502 a few times in a row. The client
 * retries those (counted in `reconnects`); giving up after its default 3 would report the
 * machine's load as a loss.
 */
const FIRST_EVENT_TIMEOUT_MS = 60_000;
const MAX_RETRIES = 10;

const isFinal = (event: CheckCloudEvent) => event.type === 'check.done' || event.type === 'check.failed';

/**
 * Follows the check with the project's client, as a user would, handing every version it
 * delivers to the ledger. The client drops what it already has; the run reports any it
 * dropped, since neither transport should ever send one.
 */
export async function follow(follower: Follower, options: FollowOptions): Promise<Followed> {
  const watch = watchCheck(follower.checkId, {
    restUrl: options.restUrl,
    token: options.token,
    transports: [follower.transport],
    longPollWaitSeconds: options.waitSeconds,
    firstEventTimeoutMs: FIRST_EVENT_TIMEOUT_MS,
    maxRetries: MAX_RETRIES,
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  let versions = 0;
  let ended = false;
  let error: string | undefined;
  try {
    for await (const event of watch) {
      options.ledger.receive(follower.name, event.subject, event.data.version);
      versions += 1;
      ended = isFinal(event);
    }
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  return { follower, stats: watch.stats(), versions, ended, error };
}

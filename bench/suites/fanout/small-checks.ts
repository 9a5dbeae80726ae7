import type { CheckCloudEvent } from '../../../lambda/shared/cloud-event';
import type { SandboxEndpoints } from '../../../sandbox';
import type { ClientPool } from '../../ws/client-pool';
import type { SmallChange } from './in-flight';
import { createCheck, getCheck } from './sandbox-api';

/** The second check: a few steps a little apart, so its changes sample the big check's timeline. */
const SMALL_STEPS = 8;
const SMALL_STEP_MS = 400;

/**
 * One small check after another, each subscribed by every client of `pool` (a few), until
 * `keepGoing(changes)` turns false after a check ends; the changes of each after its
 * subscriptions, as its subscribers got them. A check that ended before its subscriptions were
 * answered (a cold function) gives none. `timeoutMs` bounds each wait: behind a big change a
 * small one may wait as long as the big one takes.
 */
export async function runSmallChecks(
  endpoints: SandboxEndpoints,
  pool: ClientPool,
  keepGoing: (changes: readonly SmallChange[]) => boolean,
  timeoutMs: number,
): Promise<SmallChange[]> {
  const changes: SmallChange[] = [];
  do {
    const check = await createCheck(endpoints, SMALL_STEPS, SMALL_STEP_MS);
    await pool.requestAll(
      JSON.stringify({ action: 'subscribe', checkId: check.id }),
      'subscribed',
      pool.size,
      timeoutMs,
    );
    const { version, status } = await getCheck(endpoints, check.id);
    for (let next = version + 1; status === 'processing'; next += 1) {
      const key = `${check.id}:${next}`;
      await pool.waitFor(key, pool.size, timeoutMs);
      const event = JSON.parse(pool.lastText(key) ?? '') as CheckCloudEvent;
      changes.push({ commitMs: Date.parse(event.time), lastMs: Math.max(...pool.times(key)) });
      pool.forget(key);
      if (event.data.status !== 'processing') break;
    }
  } while (keepGoing(changes));
  return changes;
}

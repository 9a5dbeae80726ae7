import {
  abandonUpdate,
  isTerminal,
  nextStepNumber,
  stepUpdate,
  type CheckStatus,
  type StoredCheck,
} from '../checks/check';
import type { JobMessage } from '../checks/job-message';
import type { CheckStore } from '../checks/check-store';

export interface JobDeps {
  readonly store: CheckStore;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
}

export type JobOutcome =
  | { readonly kind: 'missing' }
  | {
      readonly kind: 'finished';
      readonly status: CheckStatus;
      readonly version: number;
      /** Steps this run applied; fewer than the job's when another delivery ran some. */
      readonly stepsRun: number;
      /** Conditional updates lost to another delivery of the same job. */
      readonly conflicts: number;
    };

/**
 * Runs a check's job to its end. Each step is a conditional update on the version, so two
 * deliveries of the same message never apply a step twice: the loser reloads the check and
 * carries on from whatever version the winner left.
 */
export async function runJob(deps: JobDeps, message: JobMessage): Promise<JobOutcome> {
  const { store, sleep, now } = deps;
  let check = await store.get(message.tenant, message.checkId);
  let stepsRun = 0;
  let conflicts = 0;
  while (check !== undefined) {
    const step = nextStepNumber(check);
    if (step === undefined) {
      return { kind: 'finished', status: check.status, version: check.version, stepsRun, conflicts };
    }
    await sleep(check.job.stepMs);
    const update = stepUpdate(check, step, now());
    if (await store.update(check.id, check.version, update)) {
      check = { ...check, ...update };
      stepsRun += 1;
    } else {
      conflicts += 1;
      check = await reloadMoved(store, message, check);
    }
  }
  return { kind: 'missing' };
}

export type AbandonOutcome = 'abandoned' | 'already-finished' | 'missing';

export const ABANDON_REASON =
  'The job could not run: it was moved to the dead-letter queue after repeated failures';

/** Marks the check of a dead job failed, so no check stays `processing` forever. */
export async function abandonJob(
  deps: Pick<JobDeps, 'store' | 'now'>,
  message: JobMessage,
): Promise<AbandonOutcome> {
  const { store, now } = deps;
  let check = await store.get(message.tenant, message.checkId);
  while (check !== undefined) {
    if (isTerminal(check.status)) return 'already-finished';
    if (await store.update(check.id, check.version, abandonUpdate(check, ABANDON_REASON, now()))) {
      return 'abandoned';
    }
    // A late delivery of the job may still be stepping it; give up on the version it left.
    check = await reloadMoved(store, message, check);
  }
  return 'missing';
}

/**
 * Reloads a check after a lost conditional update. The update can only lose to a newer
 * version, so a reload that shows none means the store broke its contract: stop rather
 * than spin.
 */
async function reloadMoved(
  store: CheckStore,
  message: JobMessage,
  stale: StoredCheck,
): Promise<StoredCheck | undefined> {
  const check = await store.get(message.tenant, message.checkId);
  if (check !== undefined && check.version <= stale.version) {
    throw new Error(
      `Check ${stale.id} is still at version ${check.version} although its conditional update failed`,
    );
  }
  return check;
}

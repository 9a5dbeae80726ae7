/** A check and the rules by which its simulated job moves it forward. No AWS types here. */

export type CheckStatus = 'processing' | 'done' | 'failed';

export interface CheckResult {
  readonly message: string;
  readonly failedAtStep?: number;
}

/** The check as every client sees it (the contract in DESIGN.md). */
export interface Check {
  readonly id: string;
  readonly status: CheckStatus;
  readonly progress: number;
  readonly version: number;
  readonly target: string;
  readonly result?: CheckResult;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** How the default job simulates its work; a user replaces the job with real work. */
export interface JobSpec {
  readonly steps: number;
  readonly stepMs: number;
  readonly failAtStep?: number;
}

/** The check as it is stored: the public fields plus its owner, its job and its expiry. */
export interface StoredCheck extends Check {
  readonly tenant: string;
  readonly job: JobSpec;
  /** Epoch seconds after which the table's TTL removes the item. */
  readonly expiresAt: number;
}

/** The fields a step changes; `version` is the new version. */
export interface CheckUpdate {
  readonly status: CheckStatus;
  readonly progress: number;
  readonly version: number;
  readonly updatedAt: string;
  readonly result?: CheckResult;
}

/** Checks are kept for a week: long enough to inspect, short enough to cost nothing idle. */
export const CHECK_RETENTION_SECONDS = 7 * 24 * 60 * 60;

export interface NewCheckInput {
  readonly id: string;
  readonly tenant: string;
  readonly target: string;
  readonly job: JobSpec;
  readonly now: Date;
}

export function newCheck({ id, tenant, target, job, now }: NewCheckInput): StoredCheck {
  const at = now.toISOString();
  return {
    id,
    tenant,
    target,
    job,
    status: 'processing',
    progress: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
    expiresAt: Math.floor(now.getTime() / 1000) + CHECK_RETENTION_SECONDS,
  };
}

export function isTerminal(status: CheckStatus): boolean {
  return status !== 'processing';
}

/**
 * The step a check is due to run next. Version 1 is the created check, and every step
 * bumps the version once, so the version alone says how far the job got: a redelivered
 * job resumes where the last one stopped instead of starting again.
 */
export function nextStepNumber(check: StoredCheck): number | undefined {
  if (isTerminal(check.status)) return undefined;
  const step = check.version;
  return step <= check.job.steps ? step : undefined;
}

/** The update that running `step` produces: progress, then `done` at the last step, or `failed` at `failAtStep`. */
export function stepUpdate(check: StoredCheck, step: number, now: Date): CheckUpdate {
  const { steps, failAtStep } = check.job;
  const base = { version: check.version + 1, updatedAt: now.toISOString() };
  if (failAtStep === step) {
    return {
      ...base,
      status: 'failed',
      progress: Math.round(((step - 1) / steps) * 100),
      result: { message: `${check.target}: failed at step ${step} of ${steps}`, failedAtStep: step },
    };
  }
  if (step === steps) {
    return {
      ...base,
      status: 'done',
      progress: 100,
      result: { message: `${check.target}: all ${steps} steps passed` },
    };
  }
  return { ...base, status: 'processing', progress: Math.round((step / steps) * 100) };
}

/** The update that gives up on a check whose job could not run at all. */
export function abandonUpdate(check: StoredCheck, reason: string, now: Date): CheckUpdate {
  return {
    status: 'failed',
    progress: check.progress,
    version: check.version + 1,
    updatedAt: now.toISOString(),
    result: { message: reason },
  };
}

export function toPublicCheck(check: StoredCheck): Check {
  const { id, status, progress, version, target, result, createdAt, updatedAt } = check;
  return result === undefined
    ? { id, status, progress, version, target, createdAt, updatedAt }
    : { id, status, progress, version, target, result, createdAt, updatedAt };
}

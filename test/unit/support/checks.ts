import { newCheck, type JobSpec, type StoredCheck } from '../../../lambda/checks/check';

export const TENANT = 'acme';
export const OTHER_TENANT = 'globex';
export const CHECK_ID = '5f0c2a4e-8b1d-4c3e-9a7f-1e2d3c4b5a69';
export const CREATED_AT = new Date('2026-01-02T03:04:05.000Z');

export interface CheckChanges extends Partial<Omit<StoredCheck, 'job'>> {
  /** Merged into the default job: three steps that take no time. */
  readonly job?: Partial<JobSpec>;
}

/** A check of TENANT as just created at CREATED_AT, with `changes` applied. */
export function storedCheck({ job, ...changes }: CheckChanges = {}): StoredCheck {
  const check = newCheck({
    id: CHECK_ID,
    tenant: TENANT,
    target: 'example.com',
    job: { steps: 3, stepMs: 0, ...job },
    now: CREATED_AT,
  });
  return { ...check, ...changes };
}

import { newCheck, type JobSpec, type StoredCheck } from '../../../lambda/domain/check';

export const TENANT = 'acme';
export const CHECK_ID = '0b6f3f0e-4a8e-4c1e-9d55-2f7f6f0d7a11';
export const CREATED_AT = new Date('2025-01-01T00:00:00.000Z');

export function aCheck(job: Partial<JobSpec> = {}, overrides: Partial<StoredCheck> = {}): StoredCheck {
  return {
    ...newCheck({
      id: CHECK_ID,
      tenant: TENANT,
      target: 'example.com',
      job: { steps: 3, stepMs: 0, ...job },
      now: CREATED_AT,
    }),
    ...overrides,
  };
}

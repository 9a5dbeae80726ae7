import { z } from 'zod';
import type { JobSpec } from './check';

/** Check ids are UUIDs we generate; anything else cannot name a check. */
export const checkIdSchema = z.uuid({ message: 'must be a check id (a UUID)' });

/** A query parameter holding a whole number, as API Gateway passes it: a string. */
const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'must be a whole number' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const createCheckSchema = z
  .strictObject({
    target: z.string().min(1).max(256),
    steps: z.int().min(1).max(20).default(5),
    stepMs: z.int().min(0).max(10_000).default(1000),
    failAtStep: z.int().min(1).max(20).optional(),
  })
  .refine((input) => input.failAtStep === undefined || input.failAtStep <= input.steps, {
    message: 'must not be greater than steps',
    path: ['failAtStep'],
  });

export type CreateCheckInput = z.output<typeof createCheckSchema>;

export function jobOf(input: CreateCheckInput): JobSpec {
  return input.failAtStep === undefined
    ? { steps: input.steps, stepMs: input.stepMs }
    : { steps: input.steps, stepMs: input.stepMs, failAtStep: input.failAtStep };
}

/** Long polling: both or neither. `afterVersion` alone means nothing to wait for. */
export const checkQuerySchema = z
  .object({
    waitSeconds: intParam(1, 25).optional(),
    afterVersion: intParam(0, Number.MAX_SAFE_INTEGER).optional(),
  })
  .refine((q) => (q.waitSeconds === undefined) === (q.afterVersion === undefined), {
    message: 'waitSeconds and afterVersion go together',
  });

export type CheckQuery = z.output<typeof checkQuerySchema>;

/** SSE resume point: the `id` (a version) of the last event the client saw. */
export const lastEventIdSchema = intParam(0, Number.MAX_SAFE_INTEGER);

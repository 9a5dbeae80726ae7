import * as z from 'zod/mini';
import type { JobSpec } from './check';

/** Check ids are UUIDs we generate; anything else cannot name a check. */
export const checkIdSchema = z.uuid({ message: 'must be a check id (a UUID)' });

/** A query parameter holding a whole number, as API Gateway passes it: a string. */
const intParam = (min: number, max: number) =>
  z.pipe(
    z.pipe(z.string().check(z.regex(/^\d+$/, { message: 'must be a whole number' })), z.transform(Number)),
    z.number().check(z.int(), z.minimum(min), z.maximum(max)),
  );

export const createCheckSchema = z
  .strictObject({
    target: z.string().check(z.minLength(1), z.maxLength(256)),
    steps: z._default(z.int().check(z.minimum(1), z.maximum(20)), 5),
    stepMs: z._default(z.int().check(z.minimum(0), z.maximum(10_000)), 1000),
    failAtStep: z.optional(z.int().check(z.minimum(1), z.maximum(20))),
  })
  .check(
    z.refine((input) => input.failAtStep === undefined || input.failAtStep <= input.steps, {
      message: 'must not be greater than steps',
      path: ['failAtStep'],
    }),
  );

export type CreateCheckInput = z.output<typeof createCheckSchema>;

export function jobOf(input: CreateCheckInput): JobSpec {
  return input.failAtStep === undefined
    ? { steps: input.steps, stepMs: input.stepMs }
    : { steps: input.steps, stepMs: input.stepMs, failAtStep: input.failAtStep };
}

/** Long polling: both or neither. `afterVersion` alone means nothing to wait for. */
export const checkQuerySchema = z
  .object({
    waitSeconds: z.optional(intParam(1, 25)),
    afterVersion: z.optional(intParam(0, Number.MAX_SAFE_INTEGER)),
  })
  .check(
    z.refine((q) => (q.waitSeconds === undefined) === (q.afterVersion === undefined), {
      message: 'waitSeconds and afterVersion go together',
    }),
  );

export type CheckQuery = z.output<typeof checkQuerySchema>;

/** SSE resume point: the `id` (a version) of the last event the client saw. */
export const lastEventIdSchema = intParam(0, Number.MAX_SAFE_INTEGER);

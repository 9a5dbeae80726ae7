import * as z from 'zod/mini';
import { checkIdSchema } from './check-input';
import { TENANT_PATTERN } from '../shared/tenant';
import { parseJson, parseWith } from '../shared/validate';

/** The jobs queue's message: which tenant's check to run; the worker reads the rest from the store. */
export const jobMessageSchema = z.object({
  tenant: z.string().check(z.regex(TENANT_PATTERN, { message: 'must be a tenant' })),
  checkId: checkIdSchema,
});

export type JobMessage = z.output<typeof jobMessageSchema>;

/** Parses a queue message body, or throws InvalidJsonError / ValidationError. */
export function parseJobMessage(body: string): JobMessage {
  return parseWith(jobMessageSchema, parseJson(body), 'job message');
}

export interface JobQueue {
  enqueue(job: JobMessage): Promise<void>;
}

import * as z from 'zod/mini';
import { ValidationError } from '../shared/errors';
import { requireSubscription, type SubscriptionStore } from './subscription';
import { toPublicFailure, type FailureStore, type PublicFailure } from './webhook-failure';

const FAILURE_ID = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#.+$/;

/** The cursor is opaque to clients: the last failure id of the page, base64url-encoded. */
export function encodeCursor(failureId: string): string {
  return Buffer.from(failureId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const failureId = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!FAILURE_ID.test(failureId)) throw new ValidationError('Invalid cursor: use the nextCursor of a page');
  return failureId;
}

export const DEFAULT_FAILURES_LIMIT = 50;

export const failuresQuerySchema = z.object({
  limit: z.optional(
    z.pipe(
      z.pipe(z.string().check(z.regex(/^\d+$/, { message: 'must be a whole number' })), z.transform(Number)),
      z.number().check(z.int(), z.minimum(1), z.maximum(100)),
    ),
  ),
  cursor: z.optional(z.string().check(z.minLength(1))),
});

export type FailuresQuery = z.output<typeof failuresQuerySchema>;

export interface FailureListDeps {
  readonly subscriptions: Pick<SubscriptionStore, 'get'>;
  readonly failures: Pick<FailureStore, 'list'>;
}

export interface FailureList {
  readonly items: PublicFailure[];
  readonly nextCursor: string | null;
}

export async function listFailures(
  deps: FailureListDeps,
  tenant: string,
  subscriptionId: string,
  query: FailuresQuery,
): Promise<FailureList> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  await requireSubscription(deps.subscriptions, tenant, subscriptionId);
  const page = await deps.failures.list(subscriptionId, query.limit ?? DEFAULT_FAILURES_LIMIT, after);
  return {
    items: page.items.map(toPublicFailure),
    nextCursor: page.lastFailureId === undefined ? null : encodeCursor(page.lastFailureId),
  };
}

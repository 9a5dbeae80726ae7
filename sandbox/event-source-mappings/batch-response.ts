import type { InvokeOutcome } from '../lambda/invoker';

/** What Lambda makes of an invocation's outcome for a batch. */
export type BatchVerdict =
  | { readonly kind: 'success' }
  /** The function reported these items (all of the batch, none twice) failed. */
  | { readonly kind: 'partial'; readonly failedIds: readonly string[] }
  /** The whole batch failed: the function errored (`functionError`) or answered something malformed. */
  | { readonly kind: 'failure'; readonly functionError: boolean; readonly reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(reason: string): BatchVerdict {
  return { kind: 'failure', functionError: false, reason };
}

/**
 * Judges an invocation for a batch whose items are `itemIds` (SQS message ids or stream
 * sequence numbers). Without `ReportBatchItemFailures` only a function error fails the batch.
 * With it, an empty or null response or list is success; an item with an empty, null or
 * unknown `itemIdentifier`, or under another key, fails the whole batch, as does a response
 * that is not an object.
 */
export function judgeBatchResponse(
  outcome: InvokeOutcome,
  itemIds: readonly string[],
  reportBatchItemFailures: boolean,
): BatchVerdict {
  if (!outcome.ok) {
    return {
      kind: 'failure',
      functionError: true,
      reason: `${outcome.error.errorType}: ${outcome.error.errorMessage}`,
    };
  }
  if (!reportBatchItemFailures) return { kind: 'success' };
  const { payload } = outcome;
  if (payload === null || payload === undefined) return { kind: 'success' };
  if (!isObject(payload))
    return malformed(`the response ${JSON.stringify(payload)} is not a batch response object`);
  const failures = payload.batchItemFailures;
  if (failures === null || failures === undefined) return { kind: 'success' };
  if (!Array.isArray(failures)) return malformed('batchItemFailures is not a list');
  if (failures.length === 0) return { kind: 'success' };
  const known = new Set(itemIds);
  const failedIds = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = isObject(failure) ? failure.itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') {
      return malformed(`a batch item failure has no itemIdentifier: ${JSON.stringify(failure)}`);
    }
    if (!known.has(id)) return malformed(`the batch item failure ${id} is not an item of the batch`);
    failedIds.add(id);
  }
  return { kind: 'partial', failedIds: [...failedIds] };
}

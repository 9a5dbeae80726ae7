import type { BatchVerdict } from './batch-response';

/** DynamoDB Streams keeps a record 24 hours: the limit when `MaximumRecordAgeInSeconds` is -1. */
export const STREAM_RETENTION_SECONDS = 24 * 60 * 60;

export interface StreamRetrySettings {
  /** -1: no limit. */
  readonly maximumRetryAttempts: number;
  readonly bisectBatchOnFunctionError: boolean;
}

/** Consecutive records of a shard that the function still has to process, the shard blocked behind them. */
export interface Segment<R> {
  readonly records: readonly R[];
  /** Retries spent on these records; bisecting spends none. */
  readonly retries: number;
  /** Invocations that carried these records. */
  readonly invocations: number;
  /** Whether the last invocation carrying them was a function error; undefined before the first. */
  readonly lastFunctionError: boolean | undefined;
}

/** What to do after an invocation of the first pending segment. */
export type StreamStep<R> =
  /** Every record of the segment succeeded: checkpoint after it. */
  | { readonly kind: 'done' }
  /** Checkpoint before the first of `segments` and invoke them in order; `backoff` when a retry was spent. */
  | { readonly kind: 'retry'; readonly segments: readonly Segment<R>[]; readonly backoff: boolean }
  /** Give up these records (send the on-failure record) and move on past them. */
  | { readonly kind: 'discard'; readonly segment: Segment<R> };

export function newSegment<R>(records: readonly R[]): Segment<R> {
  return { records, retries: 0, invocations: 0, lastFunctionError: undefined };
}

function exhausted(retries: number, settings: StreamRetrySettings): boolean {
  return settings.maximumRetryAttempts >= 0 && retries > settings.maximumRetryAttempts;
}

function retryOrDiscard<R>(
  segment: Segment<R>,
  settings: StreamRetrySettings,
  backoff: boolean,
): StreamStep<R> {
  return exhausted(segment.retries, settings)
    ? { kind: 'discard', segment }
    : { kind: 'retry', segments: [segment], backoff };
}

/**
 * Lambda's stream retry rules after one invocation of `segment`. A partial response
 * checkpoints before the lowest reported record and retries from it. A failed batch is
 * halved when `BisectBatchOnFunctionError` is on, which spends no retry (with a partial
 * response the split is at the reported record); otherwise it is retried whole, in order,
 * until `MaximumRetryAttempts` retries are spent, and then discarded.
 */
export function nextStreamStep<R>(
  segment: Segment<R>,
  verdict: BatchVerdict,
  sequenceNumberOf: (record: R) => string,
  settings: StreamRetrySettings,
): StreamStep<R> {
  if (verdict.kind === 'success') return { kind: 'done' };
  const invoked: Segment<R> = {
    ...segment,
    invocations: segment.invocations + 1,
    lastFunctionError: verdict.kind === 'failure' && verdict.functionError,
  };
  if (verdict.kind === 'partial') {
    const failed = new Set(verdict.failedIds);
    const first = invoked.records.findIndex((record) => failed.has(sequenceNumberOf(record)));
    if (first === -1) throw new Error('A partial response must name a record of the batch');
    const split = settings.bisectBatchOnFunctionError && first > 0;
    const rest = {
      ...invoked,
      records: invoked.records.slice(first),
      retries: invoked.retries + (split ? 0 : 1),
    };
    return retryOrDiscard(rest, settings, !split);
  }
  if (settings.bisectBatchOnFunctionError && invoked.records.length > 1) {
    const half = Math.ceil(invoked.records.length / 2);
    return {
      kind: 'retry',
      segments: [
        { ...invoked, records: invoked.records.slice(0, half) },
        { ...invoked, records: invoked.records.slice(half) },
      ],
      backoff: false,
    };
  }
  return retryOrDiscard({ ...invoked, retries: invoked.retries + 1 }, settings, true);
}

/**
 * How many records at the head of `records` are older than the mapping lets Lambda send:
 * `MaximumRecordAgeInSeconds`, or the stream's retention when it is -1. Records are in
 * stream order, so the expired ones come first.
 */
export function expiredRecordCount<R>(
  records: readonly R[],
  arrivalSecondsOf: (record: R) => number,
  nowMs: number,
  maximumRecordAgeInSeconds: number,
): number {
  const limitMs =
    (maximumRecordAgeInSeconds === -1 ? STREAM_RETENTION_SECONDS : maximumRecordAgeInSeconds) * 1000;
  let count = 0;
  while (count < records.length && nowMs - arrivalSecondsOf(records[count]) * 1000 > limitMs) count += 1;
  return count;
}

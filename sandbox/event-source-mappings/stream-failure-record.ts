import type { DynamoDBStreamEventRecord } from './stream-record-event';

/** Why records were given up: retries spent, or too old to send (the second name is LocalStack's; AWS's is unconfirmed). */
export type DiscardCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface StreamDiscard {
  readonly condition: DiscardCondition;
  /** Non-empty, in stream order. */
  readonly records: readonly DynamoDBStreamEventRecord[];
  /** Invocations that carried these records. */
  readonly invocations: number;
  /** Whether the last of them was a function error (rather than a partial or malformed response). */
  readonly lastFunctionError: boolean | undefined;
}

export interface StreamFailureContext {
  readonly requestId: string;
  readonly functionArn: string;
  readonly shardId: string;
  readonly streamArn: string;
  readonly now: Date;
}

/** The on-failure record Lambda sends to an SQS or SNS destination: metadata only, never the records (§4). */
export interface StreamFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: DiscardCondition;
    readonly approximateInvokeCount: number;
  };
  readonly responseContext?: {
    readonly statusCode: number;
    readonly executedVersion: string;
    readonly functionError?: string;
  };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
}

function arrival(record: DynamoDBStreamEventRecord): string {
  return new Date(record.dynamodb.ApproximateCreationDateTime * 1000).toISOString();
}

/**
 * Builds the on-failure record of discarded records. Records never sent to the function
 * (too old before their first invocation) get no `responseContext`; `functionError` appears
 * only when the last invocation was a function error.
 */
export function streamFailureRecord(
  discard: StreamDiscard,
  context: StreamFailureContext,
): StreamFailureRecord {
  const first = discard.records[0];
  const last = discard.records[discard.records.length - 1];
  if (first === undefined || last === undefined)
    throw new Error('An on-failure record needs at least one record');
  return {
    requestContext: {
      requestId: context.requestId,
      functionArn: context.functionArn,
      condition: discard.condition,
      approximateInvokeCount: discard.invocations,
    },
    ...(discard.invocations > 0 && {
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(discard.lastFunctionError === true && { functionError: 'Unhandled' }),
      },
    }),
    version: '1.0',
    timestamp: context.now.toISOString(),
    DDBStreamBatchInfo: {
      shardId: context.shardId,
      startSequenceNumber: first.dynamodb.SequenceNumber,
      endSequenceNumber: last.dynamodb.SequenceNumber,
      approximateArrivalOfFirstRecord: arrival(first),
      approximateArrivalOfLastRecord: arrival(last),
      batchSize: discard.records.length,
      streamArn: context.streamArn,
    },
  };
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StoredCheck } from '../checks/check';
import { changedCheck } from './check-change';
import { logger } from './logger';

type StreamImage = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

function imageOf(image: StreamImage | undefined): Record<string, unknown> | undefined {
  // aws-lambda and the SDK each declare AttributeValue; the wire shape is the same.
  return image === undefined ? undefined : unmarshall(image as Record<string, AttributeValue>);
}

/** A record that was not tried because an earlier one of the batch failed. */
class SkippedRecordError extends Error {
  constructor(sequenceNumber: string | undefined) {
    super(`Record ${sequenceNumber} skipped: an earlier record of the batch failed`);
    this.name = 'SkippedRecordError';
  }
}

export interface CheckChangeConsumer {
  /** Called once for each change of a check, in stream order, never two at once. */
  readonly onChange: (check: StoredCheck) => Promise<void>;
  /** What the log says when a change fails, so each consumer's failures read as its own. */
  readonly failureMessage: string;
}

/**
 * A handler of the checks table's stream that calls `onChange` for each new version of a
 * check. Records go one at a time, in stream order; after a failure the rest of the batch
 * is reported failed untried, so the retry starts at the failed record and no consumer
 * sees version n+1 before version n.
 */
export function createCheckChangeHandler({
  onChange,
  failureMessage,
}: CheckChangeConsumer): (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse> {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);

  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    const check = changedCheck(
      record.eventName,
      imageOf(record.dynamodb?.NewImage),
      imageOf(record.dynamodb?.OldImage),
    );
    if (check !== undefined) await onChange(check);
  };

  return (event, context) => {
    let failed = false;
    const recordHandler = async (record: DynamoDBRecord): Promise<void> => {
      if (failed) throw new SkippedRecordError(record.dynamodb?.SequenceNumber);
      try {
        await handleRecord(record);
      } catch (error) {
        failed = true;
        logger.error(failureMessage, {
          sequenceNumber: record.dynamodb?.SequenceNumber,
          error: error as Error,
        });
        throw error;
      }
    };
    return processPartialResponse(event, recordHandler, processor, {
      context,
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
  };
}

import type { RecordFilter } from './event-filter';

/** What every mapping has, whatever it polls. Names follow `AWS::Lambda::EventSourceMapping`. */
export interface MappingBase {
  /** The template's logical id, to name the mapping in logs and errors. */
  readonly logicalId: string;
  readonly eventSourceArn: string;
  /** A function name or ARN, as the template resolves it; the Invoker takes either. */
  readonly functionName: string;
  readonly enabled: boolean;
  readonly batchSize: number;
  readonly maximumBatchingWindowInSeconds: number;
  /** `FunctionResponseTypes` holds `ReportBatchItemFailures`. */
  readonly reportBatchItemFailures: boolean;
  /** `FilterCriteria`, compiled; undefined when the mapping has none. */
  readonly filter: RecordFilter | undefined;
}

/** A mapping on a DynamoDB stream. */
export interface StreamMapping extends MappingBase {
  readonly kind: 'dynamodb-stream';
  readonly startingPosition: 'LATEST' | 'TRIM_HORIZON';
  /** -1: until the record expires. */
  readonly maximumRetryAttempts: number;
  /** -1: until the record expires (24 hours of stream retention). */
  readonly maximumRecordAgeInSeconds: number;
  readonly bisectBatchOnFunctionError: boolean;
  readonly parallelizationFactor: number;
  /** `DestinationConfig.OnFailure.Destination`: an SQS queue or SNS topic ARN. */
  readonly onFailureDestination: string | undefined;
}

/** A mapping on an SQS queue. */
export interface QueueMapping extends MappingBase {
  readonly kind: 'sqs';
  /** `ScalingConfig.MaximumConcurrency`: batches in flight at once. */
  readonly maximumConcurrency: number | undefined;
}

export type EventSourceMapping = StreamMapping | QueueMapping;

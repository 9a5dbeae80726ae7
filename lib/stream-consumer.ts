import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { failureQueue } from './failure-queue';
import { acknowledge } from './nag';

export interface StreamConsumerOptions {
  /**
   * Records per invocation.
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * Retries of a failing batch before its record goes to the failure queue.
   * @default 10
   */
  readonly retryAttempts?: number;
  /**
   * Batches of one stream shard in flight at once (`ParallelizationFactor`, 1 to 10). Lambda
   * keeps order per item (partition and sort key), so on the checks table, keyed by check id
   * alone, every check's changes still arrive in order, while changes of different checks
   * stop waiting behind one another: a slow batch (a change with many subscribers, a retry)
   * holds only the checks that share its lane, about one in this many. Both consumers need
   * no more order than that: the notifier sends each check's versions to that check's
   * subscribers, and the publisher feeds a standard SNS topic, which keeps no order between
   * messages anyway. The default is the maximum, for the fewest checks held behind a slow
   * one; the price is up to this many concurrent invocations per shard. Set 1 for a consumer
   * that needs the whole shard in order.
   * @default 10
   */
  readonly parallelizationFactor?: number;
}

/**
 * Subscribes `fn` to `table`'s stream with the safe defaults of a stream consumer: partial
 * batch responses, bisect on error, bounded retries and record age, concurrent batches per
 * shard in order per item, and a failure queue that keeps what could not be processed in
 * sight instead of dropping it. Returns the queue.
 */
export function consumeTableStream(
  scope: Construct,
  id: string,
  fn: LambdaFunction,
  table: ITable,
  options: StreamConsumerOptions = {},
): Queue {
  const failures = failureQueue(scope, `${id}StreamFailures`);
  acknowledge(
    failures,
    'AwsSolutions-SQS3',
    'This queue is the on-failure destination (dead-letter queue) of a stream mapping.',
  );
  fn.addEventSource(
    new DynamoEventSource(table, {
      startingPosition: StartingPosition.LATEST,
      batchSize: options.batchSize ?? 100,
      bisectBatchOnError: true,
      retryAttempts: options.retryAttempts ?? 10,
      parallelizationFactor: options.parallelizationFactor ?? 10,
      maxRecordAge: Duration.hours(1),
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(failures),
    }),
  );
  acknowledge(
    fn,
    'AwsSolutions-IAM5[Resource::*]',
    'dynamodb:ListStreams, which the DynamoDB event source adds, has no resource to scope it to.',
  );
  return failures;
}

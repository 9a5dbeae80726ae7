import { Duration } from 'aws-cdk-lib';
import type { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AppFunction } from './app-function';
import type { ChecksTable } from './checks-table';
import { failureQueue } from './failure-queue';
import { acknowledge } from './nag';

export interface CheckWorkerProps {
  readonly checksTable: ChecksTable;
  /**
   * Deliveries of a job before it goes to the dead-letter queue.
   * @default 3
   */
  readonly maxReceiveCount?: number;
  /**
   * How long one job may run: the longest simulated job is 20 steps of 10 s.
   * @default Duration.minutes(5)
   */
  readonly jobTimeout?: Duration;
}

/**
 * The jobs queue and the worker that runs each check in steps. A job that keeps failing
 * lands in the dead-letter queue, whose consumer marks its check `failed`, so no client
 * waits for a check that will never finish.
 */
export class CheckWorker extends Construct {
  public readonly jobsQueue: Queue;
  public readonly deadLetterQueue: Queue;
  /** Dead-lettered jobs the abandoner could not handle: the last place a job can be seen. */
  public readonly unprocessableQueue: Queue;
  public readonly worker: AppFunction;
  public readonly abandoner: AppFunction;

  constructor(scope: Construct, id: string, props: CheckWorkerProps) {
    super(scope, id);
    const jobTimeout = props.jobTimeout ?? Duration.minutes(5);

    this.unprocessableQueue = failureQueue(this, 'UnprocessableJobs');
    acknowledge(
      this.unprocessableQueue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of the jobs dead-letter queue.',
    );
    this.deadLetterQueue = failureQueue(this, 'JobsDeadLetterQueue', {
      // A message the abandoner cannot handle (not a job) is kept in sight here, not retried for two weeks.
      deadLetterQueue: { queue: this.unprocessableQueue, maxReceiveCount: 5 },
    });
    this.jobsQueue = new Queue(this, 'JobsQueue', {
      // AWS advises a visibility timeout of six times the consumer's timeout.
      visibilityTimeout: Duration.seconds(jobTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 3 },
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });

    this.worker = new AppFunction(this, 'Worker', {
      handlerFile: 'worker/worker',
      description: 'Runs each check job in steps, one conditional update per step',
      timeout: jobTimeout,
    });
    props.checksTable.grantUpdateChecks(this.worker);
    this.worker.addEventSource(
      new SqsEventSource(this.jobsQueue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: 20,
      }),
    );

    this.abandoner = new AppFunction(this, 'AbandonJob', {
      handlerFile: 'worker/abandon-job',
      description: 'Marks the check of a dead-lettered job as failed',
    });
    props.checksTable.grantUpdateChecks(this.abandoner);
    this.abandoner.addEventSource(
      new SqsEventSource(this.deadLetterQueue, { batchSize: 10, reportBatchItemFailures: true }),
    );
  }

  /** Gives `fn` the jobs queue's URL and the right to send to it, nothing more. */
  grantEnqueue(fn: LambdaFunction): Grant {
    fn.addEnvironment('JOBS_QUEUE_URL', this.jobsQueue.queueUrl);
    return this.jobsQueue.grantSendMessages(fn);
  }
}

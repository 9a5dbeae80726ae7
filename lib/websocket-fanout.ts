import { Duration } from 'aws-cdk-lib';
import type { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AppFunction } from './app-function';
import { failureQueue } from './failure-queue';
import { acknowledge } from './nag';
import type { WebSocketNotifications } from './websocket-notifications';

/** The settings of a large change's fan-out; each is also a CDK context value (see RealtimeChecksStack). */
export interface WebSocketFanoutSettings {
  /**
   * A change with at most this many subscribers is posted by the notifier itself; above it
   * (and for every later change of the same check, for a connection's lifetime) it is
   * sharded through the FIFO queue. The lean poster posts about this many in the time a
   * message takes to reach a warm poster, so a smaller audience gains nothing from the queue
   * and a larger one gains the posters' parallelism.
   * @default 1000
   */
  readonly inlineLimit?: number;
  /**
   * Shards (FIFO message groups) per check: the most posters one change can use at once.
   * @default 32
   */
  readonly shards?: number;
  /**
   * Connections one queued message names at most; it stays under SQS's 256 KiB with the
   * event inside whatever this is.
   * @default 500
   */
  readonly shardSize?: number;
  /**
   * Posters at most at once (the event source mapping's maximum concurrency, 2 to 1,000).
   * Each keeps `postConcurrency` posts in flight, so together they hold `concurrency x
   * postConcurrency` requests in flight and make at most that many per round trip: 5 x 50 =
   * 250, which at a 50 ms round trip is 5,000 requests/s, half the account's 10,000/s API
   * Gateway rate (shared by REST, HTTP and WebSocket APIs and `@connections`), and at 25 ms
   * all of it. The posters back off on 429, so a faster round trip slows the fan-out rather
   * than failing it; lower this to leave more of the rate to other traffic.
   * @default 5
   */
  readonly concurrency?: number;
}

export interface WebSocketFanoutProps extends WebSocketFanoutSettings {
  /** The API whose connections the posters post to and forget. */
  readonly notifications: WebSocketNotifications;
  /**
   * Posts one poster keeps in flight.
   * @default 50
   */
  readonly postConcurrency?: number;
  /**
   * Receives of a message before it goes to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

/**
 * Parallel posting of a large change: an SQS FIFO queue with one message group per check
 * and shard of connections, and poster functions that post each message's connections.
 * SQS hands out a group's messages in order, one batch at a time, so a connection (always in
 * the same shard) never gets version n+1 before n. A failing message is retried alone, its
 * group waiting behind it; one that keeps failing is kept in the dead-letter queue.
 */
export class WebSocketFanout extends Construct {
  public readonly queue: Queue;
  /** Fan-out messages that failed `maxReceiveCount` times, kept 14 days. */
  public readonly deadLetterQueue: Queue;
  public readonly poster: AppFunction;
  private readonly settings: Required<WebSocketFanoutSettings>;
  private readonly notifications: WebSocketNotifications;

  constructor(scope: Construct, id: string, props: WebSocketFanoutProps) {
    super(scope, id);
    this.notifications = props.notifications;
    this.settings = {
      inlineLimit: positive('inlineLimit', props.inlineLimit ?? 1000),
      shards: positive('shards', props.shards ?? 32),
      shardSize: positive('shardSize', props.shardSize ?? 500),
      concurrency: positive('concurrency', props.concurrency ?? 5),
    };
    if (this.settings.concurrency < 2 || this.settings.concurrency > 1000) {
      throw new Error(
        `The fan-out concurrency must be 2 to 1,000 (an SQS mapping's range), not ${this.settings.concurrency}`,
      );
    }
    const posterTimeout = Duration.minutes(1);

    this.deadLetterQueue = failureQueue(this, 'DeadLetterQueue', { fifo: true });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of the fan-out queue.',
    );
    this.queue = new Queue(this, 'Queue', {
      fifo: true,
      // Many groups, each in order: SQS's high-throughput FIFO mode is for exactly that.
      deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      // AWS advises a visibility timeout of six times the consumer's timeout.
      visibilityTimeout: Duration.seconds(posterTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });

    this.poster = new AppFunction(this, 'Poster', {
      handlerFile: 'websocket/fanout-poster',
      description: 'Posts each queued shard of a large check change to its WebSocket connections',
      timeout: posterTimeout,
      // CPU-bound, as the notifier: a whole vCPU.
      memorySize: 1769,
      environment: { NOTIFY_CONCURRENCY: String(positive('postConcurrency', props.postConcurrency ?? 50)) },
    });
    // A gone connection is forgotten as $disconnect does: its items are queried, then deleted.
    props.notifications.grantConnections(this.poster, 'dynamodb:Query', 'dynamodb:BatchWriteItem');
    props.notifications.grantPostToConnections(this.poster);
    this.poster.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // On a FIFO queue Lambda runs at most one poster per active message group, and this many in all.
        maxConcurrency: this.settings.concurrency,
      }),
    );
  }

  /**
   * Gives the notifier `fn` the queue's URL, the fan-out settings, and the right to send to
   * the queue and to mark a check queued, nothing more.
   */
  grantEnqueue(fn: LambdaFunction): Grant {
    fn.addEnvironment('FANOUT_QUEUE_URL', this.queue.queueUrl);
    fn.addEnvironment('FANOUT_INLINE_LIMIT', String(this.settings.inlineLimit));
    fn.addEnvironment('FANOUT_SHARDS', String(this.settings.shards));
    fn.addEnvironment('FANOUT_SHARD_SIZE', String(this.settings.shardSize));
    this.notifications.grantConnections(fn, 'dynamodb:PutItem');
    return this.queue.grant(fn, 'sqs:SendMessage');
  }
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`The fan-out ${name} must be a whole number of at least 1, not ${value}`);
  }
  return value;
}

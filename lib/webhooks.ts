import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_WEBHOOK_URL_POLICY, type WebhookUrlPolicy } from '../lambda/webhooks/webhook-url-policy';
import { AppFunction } from './app-function';
import type { TokenAuth } from './auth';
import type { ChecksTable } from './checks-table';
import { failureQueue } from './failure-queue';
import type { ChecksRestApi } from './rest-api';
import { acknowledge, logicalIdOf } from './nag';
import { consumeTableStream } from './stream-consumer';
import { grantTable } from './table-grant';

/** SNS's HTTP/S delivery policy (see SNS's `DeliveryPolicy` subscription attribute). */
export interface WebhookDeliveryPolicy {
  readonly healthyRetryPolicy: {
    readonly minDelayTarget: number;
    readonly maxDelayTarget: number;
    readonly numRetries: number;
    readonly numNoDelayRetries?: number;
    readonly numMinDelayRetries?: number;
    readonly numMaxDelayRetries?: number;
    readonly backoffFunction?: 'linear' | 'arithmetic' | 'geometric' | 'exponential';
  };
  readonly throttlePolicy?: { readonly maxReceivesPerSecond: number };
}

/** One retry at once, then five with exponential backoff from 1 s to 60 s. */
export const DEFAULT_DELIVERY_POLICY: WebhookDeliveryPolicy = {
  healthyRetryPolicy: {
    minDelayTarget: 1,
    maxDelayTarget: 60,
    numRetries: 6,
    numNoDelayRetries: 1,
    numMinDelayRetries: 0,
    numMaxDelayRetries: 0,
    backoffFunction: 'exponential',
  },
  throttlePolicy: { maxReceivesPerSecond: 10 },
};

export interface WebhooksProps {
  readonly api: ChecksRestApi;
  readonly auth: TokenAuth;
  readonly checksTable: ChecksTable;
  /** @default DEFAULT_WEBHOOK_URL_POLICY ('public-https') */
  readonly urlPolicy?: WebhookUrlPolicy;
  /** @default DEFAULT_DELIVERY_POLICY */
  readonly deliveryPolicy?: WebhookDeliveryPolicy;
  /**
   * What happens to subscriptions and recorded failures when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

const SUBSCRIPTION_ARN_INDEX = 'bySubscriptionArn';

/**
 * Grants `actions` on exactly `resource`. `Table.grant` would add `index/*` of every index;
 * only the failure recorder reads an index, and only one.
 */
function allow(fn: LambdaFunction, actions: string[], resource: string): Grant {
  return Grant.addToPrincipal({ grantee: fn, actions, resourceArns: [resource] });
}

/**
 * Webhooks through SNS, and REST Hooks to manage them. A publisher on the checks stream
 * sends one message per change; each `/subscriptions` entry is an SNS HTTP(S) subscription
 * whose filter policy pins its tenant. What SNS cannot deliver after its retries lands in a
 * dead-letter queue, is recorded against its subscription, and can be listed and replayed.
 */
export class Webhooks extends Construct {
  public readonly topic: Topic;
  public readonly deadLetterQueue: Queue;
  /** Dead letters that could not even be recorded: the last place a failure can be seen. */
  public readonly unrecordedQueue: Queue;
  public readonly subscriptionsTable: Table;
  public readonly failuresTable: Table;
  public readonly publisher: AppFunction;
  public readonly publisherFailures: Queue;

  constructor(scope: Construct, id: string, props: WebhooksProps) {
    super(scope, id);
    const { api, auth, checksTable } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;

    this.topic = new Topic(this, 'Events', { displayName: 'Check events', enforceSSL: true });
    acknowledge(
      this.topic,
      'AwsSolutions-SNS2',
      'Messages are check states the subscriber receives over HTTPS anyway; SSE-KMS would add a key and its cost without protecting them further. Add a key if your checks carry secrets.',
    );

    this.publisher = new AppFunction(this, 'Publisher', {
      handlerFile: 'webhooks/publisher',
      description: 'Publishes each check change to the webhooks topic',
      timeout: Duration.seconds(30),
    });
    this.grantPublish(this.publisher);
    this.publisherFailures = consumeTableStream(this, 'Publisher', this.publisher, checksTable.table);

    this.unrecordedQueue = failureQueue(this, 'UnrecordedFailures');
    this.deadLetterQueue = failureQueue(this, 'DeliveryFailures', {
      deadLetterQueue: { queue: this.unrecordedQueue, maxReceiveCount: 5 },
    });
    acknowledge(
      this.unrecordedQueue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of the delivery failures queue.',
    );
    // SNS moves undeliverable messages here; only this topic may.
    this.deadLetterQueue.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('sns.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.topic.topicArn } },
      }),
    );

    this.subscriptionsTable = new Table(this, 'Subscriptions', {
      partitionKey: { name: 'tenant', type: AttributeType.STRING },
      sortKey: { name: 'id', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    });
    this.subscriptionsTable.addGlobalSecondaryIndex({
      indexName: SUBSCRIPTION_ARN_INDEX,
      partitionKey: { name: 'subscriptionArn', type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });
    this.failuresTable = new Table(this, 'Failures', {
      partitionKey: { name: 'subscriptionId', type: AttributeType.STRING },
      sortKey: { name: 'failureId', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    });
    const recorder = new AppFunction(this, 'FailureRecorder', {
      handlerFile: 'webhooks/failure-recorder',
      description: 'Records each undelivered webhook against its subscription',
    });
    this.grantFindSubscriptionByArn(recorder);
    this.grantFailures(recorder, 'dynamodb:PutItem');
    recorder.addEventSource(
      new SqsEventSource(this.deadLetterQueue, { batchSize: 10, reportBatchItemFailures: true }),
    );

    const subscriptions = new AppFunction(this, 'SubscriptionsApi', {
      handlerFile: 'webhooks/subscriptions',
      description: 'REST Hooks: /subscriptions CRUD over SNS HTTP(S) subscriptions',
      timeout: Duration.seconds(15),
      environment: {
        WEBHOOK_DELIVERY_POLICY: JSON.stringify(props.deliveryPolicy ?? DEFAULT_DELIVERY_POLICY),
        WEBHOOK_URL_POLICY: props.urlPolicy ?? DEFAULT_WEBHOOK_URL_POLICY,
      },
    });
    checksTable.grantReadChecks(subscriptions);
    this.grantSubscriptions(
      subscriptions,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
    );
    this.grantFailures(subscriptions, 'dynamodb:Query', 'dynamodb:BatchWriteItem');
    this.grantSubscribe(subscriptions);

    const failures = new AppFunction(this, 'FailuresApi', {
      handlerFile: 'webhooks/subscription-failures',
      description: 'GET /subscriptions/{id}/failures and POST /subscriptions/{id}/replay',
      timeout: Duration.seconds(28),
    });
    this.grantSubscriptions(failures, 'dynamodb:GetItem');
    this.grantFailures(failures, 'dynamodb:Query', 'dynamodb:BatchWriteItem');
    this.grantPublish(failures);

    const authorizer = auth.headerAuthorizer;
    api.addRoute('POST', '/subscriptions', subscriptions, { authorizer });
    api.addRoute('GET', '/subscriptions', subscriptions, { authorizer });
    for (const method of ['GET', 'PUT', 'DELETE']) {
      api.addRoute(method, '/subscriptions/{id}', subscriptions, { authorizer });
    }
    api.addRoute('GET', '/subscriptions/{id}/failures', failures, { authorizer });
    api.addRoute('POST', '/subscriptions/{id}/replay', failures, { authorizer });
  }

  /** Gives `fn` the topic's ARN and the right to publish to it. */
  grantPublish(fn: LambdaFunction): Grant {
    fn.addEnvironment('WEBHOOK_TOPIC_ARN', this.topic.topicArn);
    return this.topic.grantPublish(fn);
  }

  /**
   * Gives `fn` the topic's ARN and the dead-letter queue's, the right to subscribe to the
   * topic and to manage that topic's subscriptions, and no other.
   */
  grantSubscribe(fn: LambdaFunction): Grant {
    fn.addEnvironment('WEBHOOK_TOPIC_ARN', this.topic.topicArn);
    fn.addEnvironment('WEBHOOK_DLQ_ARN', this.deadLetterQueue.queueArn);
    acknowledge(
      fn,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.topic)}>:*]`,
      'Subscriptions are created at run time, so their ARNs are known only as <topic ARN>:<id>; the grant is limited to this topic.',
    );
    return allow(fn, ['sns:Subscribe'], this.topic.topicArn).combine(
      allow(
        fn,
        ['sns:Unsubscribe', 'sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes'],
        `${this.topic.topicArn}:*`,
      ),
    );
  }

  /** Names the subscriptions table in `fn`'s environment and grants `actions` on the table, not its index. */
  grantSubscriptions(fn: LambdaFunction, ...actions: string[]): Grant {
    fn.addEnvironment('SUBSCRIPTIONS_TABLE_NAME', this.subscriptionsTable.tableName);
    return allow(fn, actions, this.subscriptionsTable.tableArn);
  }

  /** Names the subscriptions table and its ARN index in `fn`'s environment and grants a Query on that index only. */
  grantFindSubscriptionByArn(fn: LambdaFunction): Grant {
    fn.addEnvironment('SUBSCRIPTIONS_TABLE_NAME', this.subscriptionsTable.tableName);
    fn.addEnvironment('SUBSCRIPTION_ARN_INDEX', SUBSCRIPTION_ARN_INDEX);
    return allow(
      fn,
      ['dynamodb:Query'],
      `${this.subscriptionsTable.tableArn}/index/${SUBSCRIPTION_ARN_INDEX}`,
    );
  }

  /** Names the failures table in `fn`'s environment and grants `actions` on it. */
  grantFailures(fn: LambdaFunction, ...actions: string[]): Grant {
    return grantTable(fn, 'FAILURES_TABLE_NAME', this.failuresTable, ...actions);
  }
}

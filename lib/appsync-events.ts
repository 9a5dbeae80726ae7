import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AppSyncAuthorizationType, ChannelNamespace, EventApi, type CfnApi } from 'aws-cdk-lib/aws-appsync';
import { Role, ServicePrincipal, type Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CHECKS_NAMESPACE } from '../lambda/appsync-events/channel-policy';
import { AppFunction } from './app-function';
import type { TokenAuth } from './auth';
import type { ChecksTable } from './checks-table';
import { consumeTableStream } from './stream-consumer';

export interface AppSyncEventsProps {
  readonly checksTable: ChecksTable;
  readonly auth: TokenAuth;
  /**
   * What AppSync writes to its log group: `ERROR`, `INFO`, `DEBUG` or `ALL`.
   * @default 'ERROR'
   */
  readonly logLevel?: 'ERROR' | 'INFO' | 'DEBUG' | 'ALL';
}

/**
 * AppSync Events as a way to follow checks: an Event API with a `checks` channel namespace,
 * a channel per check (`/checks/<tenant>/<checkId>`), and a publisher on the checks table's
 * stream that posts each change once; AppSync fans it out to every subscriber, so there is
 * no connections table and no fan-out code.
 *
 * Clients connect and subscribe with the project's bearer token, checked by a Lambda
 * authorizer that also keeps each tenant to its own channels; only IAM principals publish,
 * and only the publisher is granted to.
 */
export class AppSyncEvents extends Construct {
  public readonly api: EventApi;
  public readonly namespace: ChannelNamespace;
  public readonly authorizer: AppFunction;
  public readonly publisher: AppFunction;
  /** Stream batches the publisher gave up on (metadata only, as Lambda sends it). */
  public readonly publisherFailures: Queue;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: AppSyncEventsProps) {
    super(scope, id);
    const { checksTable, auth } = props;

    this.authorizer = new AppFunction(this, 'Authorizer', {
      handlerFile: 'appsync-events/authorizer',
      description:
        'AppSync Events connect and subscribe: verifies bearer tokens, keeps tenants to their channels',
      environment: {
        POWERTOOLS_SERVICE_NAME: 'appsync-events-authorizer',
        APPSYNC_EVENTS_NAMESPACE: CHECKS_NAMESPACE,
      },
    });
    auth.grantVerifyTokens(this.authorizer);

    this.api = new EventApi(this, 'Api', {
      apiName: `${Stack.of(this).stackName}-checks`,
      authorizationConfig: {
        authProviders: [
          {
            authorizationType: AppSyncAuthorizationType.LAMBDA,
            // Every subscribe is judged on its channel: a cached answer could stand for another one.
            lambdaAuthorizerConfig: { handler: this.authorizer, resultsCacheTtl: Duration.seconds(0) },
          },
          { authorizationType: AppSyncAuthorizationType.IAM },
        ],
        connectionAuthModeTypes: [AppSyncAuthorizationType.LAMBDA],
        defaultSubscribeAuthModeTypes: [AppSyncAuthorizationType.LAMBDA],
        defaultPublishAuthModeTypes: [AppSyncAuthorizationType.IAM],
      },
    });
    this.namespace = this.api.addChannelNamespace('Checks', {
      channelNamespaceName: CHECKS_NAMESPACE,
      authorizationConfig: {
        subscribeAuthModeTypes: [AppSyncAuthorizationType.LAMBDA],
        publishAuthModeTypes: [AppSyncAuthorizationType.IAM],
      },
    });

    this.logGroup = this.logToOwnGroup(props.logLevel ?? 'ERROR');

    this.publisher = new AppFunction(this, 'Publisher', {
      handlerFile: 'appsync-events/publisher',
      description: 'Publishes each check change to its AppSync Events channel',
      environment: { POWERTOOLS_SERVICE_NAME: 'appsync-events-publisher' },
    });
    this.grantPublish(this.publisher);
    this.publisherFailures = consumeTableStream(this, 'Publisher', this.publisher, checksTable.table);
  }

  /**
   * Logs to a log group of the construct's, kept two weeks and removed with the stack, and
   * written through a role that may write only there. The L2's `logConfig` would instead
   * create a custom-resource function to set the retention of a group AppSync creates, and
   * a role with `AWSAppSyncPushToCloudWatchLogs` on every log group of the account.
   */
  private logToOwnGroup(logLevel: string): LogGroup {
    const logGroup = new LogGroup(this, 'Logs', {
      // AppSync writes to this name, which it derives from the API id.
      logGroupName: `/aws/appsync/apis/${this.api.apiId}`,
      retention: RetentionDays.TWO_WEEKS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'LogsRole', {
      assumedBy: new ServicePrincipal('appsync.amazonaws.com'),
      description: 'Lets AppSync Events write the logs of its API to its own log group',
    });
    logGroup.grantWrite(role);
    (this.api.node.defaultChild as CfnApi).addPropertyOverride('EventConfig.LogConfig', {
      CloudWatchLogsRoleArn: role.roleArn,
      LogLevel: logLevel,
    });
    return logGroup;
  }

  /**
   * Gives `fn` the API's HTTP host and the checks namespace, and the right to publish to
   * that namespace only (`appsync:EventPublish`).
   */
  grantPublish(fn: LambdaFunction): Grant {
    fn.addEnvironment('APPSYNC_EVENTS_HTTP_DNS', this.api.httpDns);
    fn.addEnvironment('APPSYNC_EVENTS_NAMESPACE', CHECKS_NAMESPACE);
    return this.namespace.grantPublish(fn);
  }

  /** The host of the HTTP endpoint, `<id>.appsync-api.<region>.amazonaws.com`: publish at `https://<it>/event`. */
  get httpDns(): string {
    return this.api.httpDns;
  }

  /** The host of the realtime endpoint, `<id>.appsync-realtime-api.<region>.amazonaws.com`: connect to `wss://<it>/event/realtime`. */
  get realtimeDns(): string {
    return this.api.realtimeDns;
  }
}

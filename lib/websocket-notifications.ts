import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  LogGroupLogDestination,
  WebSocketApi,
  WebSocketStage,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AppFunction } from './app-function';
import type { TokenAuth } from './auth';
import type { ChecksTable } from './checks-table';
import { acknowledge, logicalIdOf } from './nag';
import { consumeTableStream } from './stream-consumer';
import { grantTable } from './table-grant';
import { WebSocketFanout, type WebSocketFanoutSettings } from './websocket-fanout';

export interface WebSocketNotificationsProps {
  readonly checksTable: ChecksTable;
  readonly auth: TokenAuth;
  /**
   * The stage clients connect to.
   * @default 'prod'
   */
  readonly stageName?: string;
  /**
   * Posts to `@connections` the notifier makes at once for one change. They share the
   * account's API Gateway request rate with every other call.
   * @default 50
   */
  readonly notifyConcurrency?: number;
  /**
   * How a change with many subscribers is sharded over the fan-out queue's posters.
   * @default the WebSocketFanout construct's defaults
   */
  readonly fanout?: WebSocketFanoutSettings;
  /**
   * Steady-state messages per second the stage accepts, and its burst.
   * @default { rateLimit: 100, burstLimit: 200 }
   */
  readonly throttle?: ThrottleSettings;
}

/**
 * The routes of the messages a client sends, `$default` catching every other; each answers
 * on the same connection through a route response.
 */
const MESSAGE_ROUTES = ['subscribe', 'unsubscribe', 'ping', '$default'] as const;

/**
 * A WebSocket API whose clients subscribe to checks, and a notifier on the checks table's
 * stream that posts each change to every subscriber through `@connections`: itself for a
 * small audience, through the fan-out queue's posters (WebSocketFanout) for a large one.
 *
 * Connections and subscriptions share one table: `CONN#<connection>` items list what a
 * connection holds, `CHECK#<check>` items list who follows a check, so the notifier finds
 * the subscribers of a change with one Query.
 */
export class WebSocketNotifications extends Construct {
  public readonly api: WebSocketApi;
  public readonly stage: WebSocketStage;
  public readonly connectionsTable: Table;
  public readonly notifier: AppFunction;
  /** Stream batches the notifier gave up on (metadata only, as Lambda sends it). */
  public readonly notifierFailures: Queue;
  public readonly fanout: WebSocketFanout;

  constructor(scope: Construct, id: string, props: WebSocketNotificationsProps) {
    super(scope, id);
    const { checksTable, auth } = props;

    this.connectionsTable = new Table(this, 'Connections', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiresAt',
      encryption: TableEncryption.AWS_MANAGED,
      // Connections last two hours at most; there is nothing here worth keeping.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.connectionsTable,
      'AwsSolutions-DDB3',
      'Connections live at most two hours and clients resubscribe; a backup would restore dead ones.',
    );

    const connect = new AppFunction(this, 'Connect', {
      handlerFile: 'websocket/ws-connect',
      description: 'WebSocket $connect: records the connection and its tenant',
    });
    this.grantConnections(connect, 'dynamodb:PutItem');

    const disconnect = new AppFunction(this, 'Disconnect', {
      handlerFile: 'websocket/ws-disconnect',
      description: 'WebSocket $disconnect: forgets the connection and its subscriptions',
    });
    this.grantConnections(disconnect, 'dynamodb:Query', 'dynamodb:BatchWriteItem');

    const messages = new AppFunction(this, 'Messages', {
      handlerFile: 'websocket/ws-message',
      description: 'WebSocket subscribe, unsubscribe, ping and anything else',
    });
    this.grantConnections(messages, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem');
    checksTable.grantReadChecks(messages);

    this.api = new WebSocketApi(this, 'Api', {
      description: 'Realtime checks: subscribe to checks and receive their CloudEvents',
      routeSelectionExpression: '$request.body.action',
      connectRouteOptions: {
        integration: new WebSocketLambdaIntegration('ConnectIntegration', connect),
        authorizer: auth.webSocketAuthorizer,
      },
      disconnectRouteOptions: {
        integration: new WebSocketLambdaIntegration('DisconnectIntegration', disconnect),
      },
    });
    for (const route of MESSAGE_ROUTES) {
      this.api.addRoute(route, {
        integration: new WebSocketLambdaIntegration(`${route.replace('$', '')}Integration`, messages),
        returnResponse: true,
      });
    }

    acknowledge(
      this.api,
      'AwsSolutions-APIG4',
      'A WebSocket API authorizes once, at $connect; every later route runs on that authorized connection.',
    );

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.TWO_WEEKS });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: props.stageName ?? 'prod',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200, ...props.throttle },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            connectionId: '$context.connectionId',
            routeKey: '$context.routeKey',
            eventType: '$context.eventType',
            status: '$context.status',
            error: '$context.error.message',
            integrationError: '$context.integrationErrorMessage',
            requestTime: '$context.requestTime',
          }),
        ),
      },
    });

    this.notifier = new AppFunction(this, 'Notifier', {
      handlerFile: 'websocket/notifier',
      description: 'Posts each check change to its WebSocket subscribers',
      // One change may fan out to thousands of connections, and a batch holds up to 100 changes.
      timeout: Duration.minutes(1),
      // Fan-out is CPU-bound: the SDK spends about 270 µs of CPU per PostToConnection
      // (`npm run bench`, fanout). Lambda gives a whole vCPU at 1,769 MB, about 7 times the
      // share of 256 MB, so a change reaches its subscribers sooner for about the same
      // GB-seconds.
      memorySize: 1769,
      environment: { NOTIFY_CONCURRENCY: String(props.notifyConcurrency ?? 50) },
    });
    this.grantConnections(this.notifier, 'dynamodb:Query', 'dynamodb:BatchWriteItem');
    this.grantPostToConnections(this.notifier);
    this.fanout = new WebSocketFanout(this, 'Fanout', {
      ...props.fanout,
      notifications: this,
      postConcurrency: props.notifyConcurrency,
    });
    this.fanout.grantEnqueue(this.notifier);
    this.notifierFailures = consumeTableStream(this, 'Notifier', this.notifier, checksTable.table);
  }

  /** Names the connections table in `fn`'s environment and grants `actions` on it. */
  grantConnections(fn: LambdaFunction, ...actions: string[]): Grant {
    return grantTable(fn, 'CONNECTIONS_TABLE_NAME', this.connectionsTable, ...actions);
  }

  /** Gives `fn` the stage's callback URL and the right to post to its connections, on this stage only. */
  grantPostToConnections(fn: LambdaFunction): Grant {
    fn.addEnvironment('WEBSOCKET_CALLBACK_URL', this.stage.callbackUrl);
    acknowledge(
      fn,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${logicalIdOf(this.api)}>/${this.stage.stageName}/*/@connections/*]`,
      'Connection ids are known only at run time; the grant is limited to @connections of this stage of this API.',
    );
    return this.stage.grantManagementApiAccess(fn);
  }

  /** The URL clients connect to, `wss://…/<stage>`. */
  get url(): string {
    return this.stage.url;
  }
}

import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AppSyncEvents } from './appsync-events';
import { TokenAuth } from './auth';
import { CheckWorker } from './check-worker';
import { ChecksApi } from './checks-api';
import { ChecksTable } from './checks-table';
import { ConnectRpc } from './connect-rpc';
import { ChecksRestApi } from './rest-api';
import { webhookUrlPolicyOf, type WebhookUrlPolicy } from '../lambda/webhooks/webhook-url-policy';
import { Webhooks, type WebhookDeliveryPolicy } from './webhooks';
import type { WebSocketFanoutSettings } from './websocket-fanout';
import { WebSocketNotifications } from './websocket-notifications';

export interface RealtimeChecksStackProps extends StackProps {
  /**
   * Origins a browser may call the REST API from.
   * @default the `allowedOrigins` context value (comma-separated), else ['*']
   */
  readonly allowedOrigins?: string[];
  /**
   * Which webhook URLs are accepted; `allow-loopback-http` is for the local sandbox only.
   * @default the `webhookUrlPolicy` context value, else the Webhooks construct's default
   */
  readonly webhookUrlPolicy?: WebhookUrlPolicy;
  /**
   * The longest a bearer token may live, from `iat` to `exp`.
   * @default the `maxTokenLifetimeSeconds` context value, else the TokenAuth construct's default (24 hours)
   */
  readonly maxTokenLifetime?: Duration;
  /**
   * How a WebSocket change with many subscribers is sharded over the fan-out posters.
   * @default each setting from its context value (`fanoutInlineLimit`, `fanoutShards`,
   * `fanoutShardSize`, `fanoutConcurrency`), else the WebSocketFanout construct's default
   */
  readonly webSocketFanout?: WebSocketFanoutSettings;
  /** @default DEFAULT_DELIVERY_POLICY */
  readonly webhookDeliveryPolicy?: WebhookDeliveryPolicy;
  /**
   * Keep checks, webhook subscriptions and recorded failures when the stack is deleted.
   * @default the `retainData` context value ('true'), else false: a trial deployment leaves nothing behind
   */
  readonly retainData?: boolean;
}

function secondsOf(key: string, text: string): Duration {
  if (!/^[1-9]\d*$/.test(text)) {
    throw new Error(`The ${key} context value must be a whole number of seconds, at least 1, not "${text}"`);
  }
  return Duration.seconds(Number(text));
}

function wholeNumberOf(key: string, text: string): number {
  if (!/^[1-9]\d*$/.test(text)) {
    throw new Error(`The ${key} context value must be a whole number, at least 1, not "${text}"`);
  }
  return Number(text);
}

/** Every way of telling a client that a check changed, on one serverless backend. */
export class RealtimeChecksStack extends Stack {
  constructor(scope: Construct, id: string, props: RealtimeChecksStackProps = {}) {
    super(scope, id, props);
    const context = (key: string): string | undefined => {
      const value: unknown = this.node.tryGetContext(key);
      return value === undefined ? undefined : String(value);
    };
    const allowedOrigins = props.allowedOrigins ??
      context('allowedOrigins')
        ?.split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== '') ?? ['*'];
    const urlPolicyContext = context('webhookUrlPolicy');
    const urlPolicy =
      props.webhookUrlPolicy ??
      (urlPolicyContext === undefined ? undefined : webhookUrlPolicyOf(urlPolicyContext));
    const lifetimeContext = context('maxTokenLifetimeSeconds');
    const maxTokenLifetime =
      props.maxTokenLifetime ??
      (lifetimeContext === undefined ? undefined : secondsOf('maxTokenLifetimeSeconds', lifetimeContext));
    const wholeNumber = (key: string): number | undefined => {
      const text = context(key);
      return text === undefined ? undefined : wholeNumberOf(key, text);
    };
    const fanout: WebSocketFanoutSettings = {
      inlineLimit: wholeNumber('fanoutInlineLimit'),
      shards: wholeNumber('fanoutShards'),
      shardSize: wholeNumber('fanoutShardSize'),
      concurrency: wholeNumber('fanoutConcurrency'),
      ...props.webSocketFanout,
    };
    const removalPolicy =
      (props.retainData ?? context('retainData') === 'true') ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const checksTable = new ChecksTable(this, 'Checks', { removalPolicy });
    const auth = new TokenAuth(this, 'Auth', { maxTokenLifetime });
    const worker = new CheckWorker(this, 'Worker', { checksTable });
    const api = new ChecksRestApi(this, 'RestApi', { allowedOrigins });
    new ChecksApi(this, 'ChecksApi', { api, auth, checksTable, worker });
    new ConnectRpc(this, 'ConnectRpc', { api, auth, checksTable, worker });
    const webSocket = new WebSocketNotifications(this, 'WebSocket', { checksTable, auth, fanout });
    if (api.logging) webSocket.stage.node.addDependency(api.logging);
    const webhooks = new Webhooks(this, 'Webhooks', {
      api,
      auth,
      checksTable,
      urlPolicy,
      deliveryPolicy: props.webhookDeliveryPolicy,
      removalPolicy,
    });
    const appSyncEvents = new AppSyncEvents(this, 'AppSyncEvents', { checksTable, auth });

    new CfnOutput(this, 'RestApiUrl', { value: api.url, description: 'Base URL of the REST API' });
    new CfnOutput(this, 'WebSocketUrl', {
      value: webSocket.url,
      description: 'URL WebSocket clients connect to',
    });
    new CfnOutput(this, 'TokenSecretArn', {
      value: auth.secret.secretArn,
      description: 'Signs bearer tokens: npm run --silent token -- <tenant> --secret-id <this ARN>',
    });
    new CfnOutput(this, 'WebhookDeadLetterQueueUrl', { value: webhooks.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'WebSocketFanoutDeadLetterQueueUrl', {
      value: webSocket.fanout.deadLetterQueue.queueUrl,
      description: 'WebSocket fan-out messages whose posts kept failing',
    });
    new CfnOutput(this, 'AppSyncEventsHttpUrl', {
      value: `https://${appSyncEvents.httpDns}/event`,
      description: 'AppSync Events HTTP endpoint (publishing is IAM only)',
    });
    new CfnOutput(this, 'AppSyncEventsRealtimeUrl', {
      value: `wss://${appSyncEvents.realtimeDns}/event/realtime`,
      description:
        'AppSync Events realtime endpoint clients subscribe on, channel /checks/<tenant>/<checkId>',
    });
  }
}

import { DEV_TOKEN_SECRET } from '../../lambda/auth/dev-secret';
import type { RegisteredApi } from '../apigateway/ids';
import { registerRestApis } from '../apigateway/rest';
import { registerWebSocketApis } from '../apigateway/websocket';
import { createTables } from '../dynamodb';
import { registerFunctions } from '../lambda';
import { SANDBOX_CREDENTIALS, type SandboxAws } from '../platform/aws-environment';
import { registerInertResources } from '../platform/inert';
import { createSecrets, startSecretsManager } from '../secrets-manager';
import { createTopics } from '../sns';
import { createQueues, type LocalQueue } from '../sqs';
import type { StartContext } from './context';
import type { Engines } from './engines';

export interface Resources {
  /** Where every engine answers, for the SDK inside the functions and the pollers. */
  readonly aws: SandboxAws;
  /** Every REST and WebSocket API, with the execute-api URL that names it on AWS. */
  readonly apis: readonly RegisteredApi[];
  readonly queues: readonly LocalQueue[];
}

/**
 * Creates every resource of the template and registers what its `Ref`s and `GetAtt`s answer:
 * the secrets first (the Secrets Manager that serves them joins the engines), then what only
 * needs a name (roles, functions, APIs), then the tables, queues and topics in their engines.
 */
export async function createResources(
  { config, progress, stoppers }: StartContext,
  { stack, resolver, dynamodb, snsSqs }: Engines,
): Promise<Resources> {
  const identity = { region: config.region, accountId: config.accountId };
  const secrets = await createSecrets(stack, resolver, identity, progress, DEV_TOKEN_SECRET);
  const secretsManager = await startSecretsManager({
    port: config.ports.secretsManager,
    host: config.host,
    secrets,
  });
  stoppers.add('engines', 'Secrets Manager', () => secretsManager.stop());
  snsSqs.refuseDeliveriesTo(secretsManager.endpoint, 'Secrets Manager');
  const aws: SandboxAws = {
    ...identity,
    credentials: SANDBOX_CREDENTIALS,
    endpoints: {
      dynamodb: dynamodb.endpoint,
      dynamodbStreams: dynamodb.endpoint,
      sqs: snsSqs.endpoint,
      sns: snsSqs.endpoint,
      secretsManager: secretsManager.endpoint,
    },
  };

  registerInertResources(stack.template, resolver);
  registerFunctions(stack, resolver);
  const apis = [...registerRestApis(stack, resolver), ...registerWebSocketApis(stack, resolver)];
  const tables = await createTables(stack, resolver, aws, progress);
  const queues = await createQueues(stack, resolver, aws, progress);
  const topics = await createTopics(stack, resolver, aws, progress);
  progress(
    `Created ${tables.length} tables, ${queues.length} queues, ${topics.length} topics, ${secrets.length} secrets`,
  );
  return { aws, apis, queues };
}

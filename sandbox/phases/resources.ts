import { join } from 'node:path';
import { DEV_TOKEN_SECRET } from '../../lambda/auth/dev-secret';
import type { RegisteredApi } from '../apigateway/ids';
import { registerRestApis } from '../apigateway/rest';
import { registerWebSocketApis } from '../apigateway/websocket';
import { registerEventApis, type RegisteredEventApi } from '../appsync';
import { createTables } from '../dynamodb';
import { registerFunctions } from '../lambda';
import { SANDBOX_CREDENTIALS, type SandboxAws } from '../platform/aws-environment';
import { registerInertResources } from '../platform/inert';
import { ensureLocalTls, type LocalTls } from '../platform/local-tls';
import { createSecrets, startSecretsManager } from '../secrets-manager';
import { createTopics } from '../sns';
import { createQueues, type LocalQueue } from '../sqs';
import type { StartContext } from './context';
import type { Engines } from './engines';

/** The names a TLS client may reach the sandbox by: the host it listens on, and the loopback names. */
function tlsHosts(host: string): string[] {
  const listening = host === '0.0.0.0' || host === '::' ? [] : [host];
  return [...new Set([...listening, '127.0.0.1', 'localhost', '::1'])];
}

export interface Resources {
  /** Where every engine answers, for the SDK inside the functions and the pollers. */
  readonly aws: SandboxAws;
  /** Every REST and WebSocket API, with the execute-api URL that names it on AWS. */
  readonly apis: readonly RegisteredApi[];
  readonly queues: readonly LocalQueue[];
  /** Every AppSync Event API, with the host names that name it on AWS. */
  readonly eventApis: readonly RegisteredEventApi[];
  /** The sandbox's CA and the server certificate its TLS endpoints serve. */
  readonly tls: LocalTls;
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
  // Made before the functions, whose environments name the CA (NODE_EXTRA_CA_CERTS).
  const tls = ensureLocalTls(join(config.stateDir, 'tls'), tlsHosts(config.host));
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
    caCertFile: tls.caCertFile,
  };

  // First: a log group's name may hold the Event API's id.
  const eventApis = registerEventApis(stack, resolver);
  registerInertResources(stack.template, resolver);
  registerFunctions(stack, resolver);
  const apis = [...registerRestApis(stack, resolver), ...registerWebSocketApis(stack, resolver)];
  const tables = await createTables(stack, resolver, aws, progress);
  const queues = await createQueues(stack, resolver, aws, progress);
  const topics = await createTopics(stack, resolver, aws, progress);
  progress(
    `Created ${tables.length} tables, ${queues.length} queues, ${topics.length} topics, ${secrets.length} secrets`,
  );
  return { aws, apis, queues, eventApis, tls };
}

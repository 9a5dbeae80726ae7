import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEV_TOKEN_SECRET } from '../lambda/auth/dev-secret';
import { issueToken } from '../lambda/auth/tokens';
import { loadCloudAssembly, type SynthesizedStack } from './assembly/cloud-assembly';
import { Resolver } from './assembly/resolver';
import { ensureSynthesized } from './assembly/synth';
import { sdkEnvironment, type SandboxAws } from './aws-environment';
import { SANDBOX_CONTEXT, type SandboxConfig } from './config';
import { DeferredInvoker } from './deferred-invoker';
import { startDemoServer } from '../demo/server/demo-server';
import { startDynamoDbLocal } from './engines/dynamodb-local';
import { startSecretsManager } from './engines/secrets-manager';
import { readEventSourceMappings } from './event-sources/read-event-source-mappings';
import { startEventSources } from './event-sources/start-event-sources';
import { functionLogs } from './function-logs';
import { readFunctions, registerFunctions } from './lambda/functions';
import { LambdaService } from './lambda/lambda-service';
import { registerInertResources } from './resources/inert';
import { createQueues } from './resources/queues';
import { createSecrets } from './resources/secrets';
import { createTables } from './resources/tables';
import { createTopics } from './resources/topics';
import { readRestApis } from './rest-api/read-rest-apis';
import { registerRestApis } from './rest-api/register-rest-apis';
import { startRestApiServer } from './rest-api/server';
import { startSnsSqs } from './sns/sns-sqs-server';
import { readWebSocketApis } from './websocket/read-websocket-apis';
import { callbackUrlPrefix, registerWebSocketApis } from './websocket/register-websocket-apis';
import { startWebSocketServer } from './websocket/websocket-server';

/** What `.sandbox/endpoints.json` holds: the demo page and the end-to-end suite read it. */
export interface SandboxEndpoints {
  readonly restUrl: string;
  readonly wsUrl: string;
  readonly demoUrl: string;
  /** A bearer token for tenant `demo`, valid 24 hours. */
  readonly token: string;
  readonly sandbox: { readonly connectionsAdminUrl: string };
}

export interface RunningSandbox {
  readonly endpoints: SandboxEndpoints;
  readonly startupMs: number;
  stop(): Promise<void>;
}

/**
 * The order things stop in: first what lets requests in (the APIs still run their
 * `$disconnect`s), then the functions (an invocation in flight ends at once, as a check's
 * worker may run for minutes), then the pollers, then the engines, last the logs.
 */
const STOP_ORDER = ['entrances', 'functions', 'pollers', 'engines', 'logs'] as const;
type StopPhase = (typeof STOP_ORDER)[number];

/** Stops what has started, phase by phase, even when one of them fails to stop. */
class Stoppers {
  private readonly stops: Array<{
    readonly name: string;
    readonly phase: StopPhase;
    readonly stop: () => Promise<void>;
  }> = [];

  add(phase: StopPhase, name: string, stop: () => Promise<void>): void {
    this.stops.push({ name, phase, stop });
  }

  async stopAll(log: (line: string) => void): Promise<void> {
    const stops = this.stops.splice(0);
    for (const phase of STOP_ORDER) {
      for (const { name, stop } of stops.filter((entry) => entry.phase === phase)) {
        try {
          await stop();
        } catch (error) {
          log(`Stopping ${name} failed: ${(error as Error).message}`);
        }
      }
    }
  }
}

/** The value of a settled start; its failure, if another start failed first, is reported by then. */
function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

function pickStack(stacks: readonly SynthesizedStack[], wanted: string | undefined): SynthesizedStack {
  if (wanted !== undefined) {
    const stack = stacks.find(({ stackName }) => stackName === wanted);
    if (stack === undefined)
      throw new Error(`No stack ${wanted}; the app has ${stacks.map((s) => s.stackName).join(', ')}`);
    return stack;
  }
  if (stacks.length !== 1) {
    throw new Error(
      `The app has ${stacks.length} stacks (${stacks.map((s) => s.stackName).join(', ')}): choose one with --stack`,
    );
  }
  return stacks[0];
}

/**
 * Starts the whole app from its cloud assembly: engines first, then every resource the
 * template declares, then the APIs (their URLs go into the functions' environments), then
 * the functions, and last the pollers that feed them.
 */
export async function startSandbox(
  config: SandboxConfig,
  progress: (line: string) => void,
): Promise<RunningSandbox> {
  const started = Date.now();
  const stoppers = new Stoppers();
  const { host } = config;
  rmSync(config.endpointsFile, { force: true });
  mkdirSync(config.stateDir, { recursive: true });
  const logs = functionLogs(join(config.stateDir, 'logs'));
  stoppers.add('logs', 'logs', () => logs.close());
  try {
    progress('Synthesizing the app (cdk synth) if it changed…');
    // Side by side, and all awaited even when one fails, so that whatever did start is stopped.
    const starts = await Promise.allSettled([
      ensureSynthesized({
        projectDir: config.projectDir,
        outDir: config.assemblyDir,
        context: SANDBOX_CONTEXT,
        log: progress,
      }),
      startDynamoDbLocal({ port: config.ports.dynamodb, host, log: progress }),
      startSnsSqs({
        host,
        port: config.ports.snsSqs,
        region: config.region,
        accountId: config.accountId,
        deliveryDelayScale: config.snsDelayScale,
        log: progress,
      }),
    ]);
    const [, dynamodbStart, snsSqsStart] = starts;
    if (dynamodbStart.status === 'fulfilled')
      stoppers.add('engines', 'DynamoDB Local', () => dynamodbStart.value.stop());
    if (snsSqsStart.status === 'fulfilled')
      stoppers.add('engines', 'SNS and SQS', () => snsSqsStart.value.stop());
    const synth = settledValue(starts[0]);
    const dynamodb = settledValue(dynamodbStart);
    const snsSqs = settledValue(snsSqsStart);
    progress(`DynamoDB Local on ${dynamodb.endpoint}; SNS and SQS (fauxqs) on ${snsSqs.endpoint}`);
    progress(
      synth.synthesized ? `Synthesized into ${config.assemblyDir}` : 'The synthesized app is up to date',
    );
    const stack = pickStack(loadCloudAssembly(config.assemblyDir), config.stackName);
    const resolver = new Resolver({
      region: config.region,
      accountId: config.accountId,
      stackName: stack.stackName,
    });

    const identity = { region: config.region, accountId: config.accountId };
    const secrets = await createSecrets(stack, resolver, identity, progress, DEV_TOKEN_SECRET);
    const secretsManager = await startSecretsManager({ port: config.ports.secretsManager, host, secrets });
    stoppers.add('engines', 'Secrets Manager', () => secretsManager.stop());
    const aws: SandboxAws = {
      ...identity,
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
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
    const restApis = registerRestApis(stack, resolver);
    registerWebSocketApis(stack, resolver);
    const tables = await createTables(stack, resolver, aws, progress);
    const queues = await createQueues(stack, resolver, aws, progress);
    const topics = await createTopics(stack, resolver, aws, progress);
    progress(
      `Created ${tables.length} tables, ${queues.length} queues, ${topics.length} topics, ${secrets.length} secrets`,
    );

    const invoker = new DeferredInvoker();
    // The first API of each kind gets the configured port; any other, a free one.
    const restServers: string[] = [];
    for (const [index, api] of readRestApis(stack, resolver).entries()) {
      const server = await startRestApiServer({
        api,
        invoker,
        host,
        port: index === 0 ? config.ports.rest : 0,
        maxPayloadBytes: config.restMaxPayloadBytes,
        log: (line) => logs.sink('rest-api', line),
      });
      stoppers.add('entrances', `REST API ${api.logicalId}`, () => server.stop());
      const registered = restApis.find(({ logicalId }) => logicalId === api.logicalId);
      if (registered !== undefined)
        resolver.rewritePrefix(registered.executeApiUrl, new URL('/', server.url).href);
      restServers.push(server.url);
      progress(`REST API ${api.logicalId} on ${server.url}`);
    }
    const websocketServers: Array<{ readonly url: string; readonly adminUrl: string }> = [];
    for (const [index, api] of readWebSocketApis(stack, resolver).entries()) {
      const server = await startWebSocketServer({
        api,
        invoker,
        host,
        port: index === 0 ? config.ports.websocket : 0,
        limits: config.websocket,
        log: (line) => logs.sink('websocket-api', line),
      });
      stoppers.add('entrances', `WebSocket API ${api.logicalId}`, () => server.stop());
      resolver.rewritePrefix(
        callbackUrlPrefix(api.apiId, config.region),
        new URL('/', server.callbackUrl).href,
      );
      websocketServers.push(server);
      progress(`WebSocket API ${api.logicalId} on ${server.url}`);
    }

    const [restUrl] = restServers;
    const [websocket] = websocketServers;
    if (restUrl === undefined || websocket === undefined) {
      throw new Error('The endpoints file names a REST API and a WebSocket API; the stack lacks one');
    }

    const functions = readFunctions(stack, resolver);
    const lambda = new LambdaService(functions, {
      // The functions run on nodejs24.x on AWS; the SDK's warning about this machine's Node is not theirs.
      baseEnvironment: { ...sdkEnvironment(aws), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      maxConcurrency: config.lambdaConcurrency,
      logSink: logs.sink,
    });
    stoppers.add('functions', 'functions', () => lambda.stop());
    invoker.attach(lambda);
    progress(`${functions.length} functions ready`);

    const queueUrls = new Map(queues.map((queue) => [queue.queueArn, queue.queueUrl]));
    const eventSources = await startEventSources({
      mappings: readEventSourceMappings(stack, resolver),
      invoker,
      aws,
      queueUrlOf: (arn) => {
        const url = queueUrls.get(arn);
        if (url === undefined) throw new Error(`No local queue for ${arn}`);
        return url;
      },
      streamPollIntervalMs: config.streamPollIntervalMs,
      log: progress,
    });
    stoppers.add('pollers', 'event source mappings', () => eventSources.stop());

    const token = await issueToken(DEV_TOKEN_SECRET, 'demo', '24h');
    const demo = await startDemoServer({
      restUrl,
      wsUrl: websocket.url,
      token,
      snsEndpoint: aws.endpoints.sns,
      host,
      port: config.ports.demo,
      log: (line) => logs.sink('demo', line),
    });
    stoppers.add('entrances', 'demo page', () => demo.stop());

    const endpoints: SandboxEndpoints = {
      restUrl,
      wsUrl: websocket.url,
      demoUrl: demo.url,
      token,
      sandbox: { connectionsAdminUrl: websocket.adminUrl },
    };
    mkdirSync(dirname(config.endpointsFile), { recursive: true });
    writeFileSync(config.endpointsFile, `${JSON.stringify(endpoints, null, 2)}\n`);
    return {
      endpoints,
      startupMs: Date.now() - started,
      stop: async () => {
        rmSync(config.endpointsFile, { force: true });
        await stoppers.stopAll(progress);
      },
    };
  } catch (error) {
    await stoppers.stopAll(progress);
    throw error;
  }
}

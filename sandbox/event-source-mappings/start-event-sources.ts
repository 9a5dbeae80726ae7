import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig, type SandboxAws } from '../platform/aws-environment';
import type { Invoker } from '../lambda/invoker';
import { functionArnOf } from './arns';
import type { EventSourceMapping, QueueMapping, StreamMapping } from './event-source-mapping';
import { failureDestination, type DestinationClients } from './failure-destination';
import { mappingLog, type LogLine, type MappingLog } from './log';
import { MAX_QUEUE_CONCURRENCY, startQueuePoller } from './queue-poller';
import { startStreamPoller, type RunningPoller } from './stream-poller';

export interface StartEventSourcesOptions {
  readonly mappings: readonly EventSourceMapping[];
  readonly invoker: Invoker;
  readonly aws: SandboxAws;
  /** The local URL of a queue, by its ARN: event sources and on-failure destinations. */
  readonly queueUrlOf: (queueArn: string) => string;
  /** How often each shard is read; Lambda reads each four times a second. */
  readonly streamPollIntervalMs?: number;
  /** The pause before a failed stream batch is retried, and after a failed read or send. */
  readonly retryBackoffMs?: number;
  readonly log: LogLine;
}

export interface RunningEventSources {
  /** Stops every poller; resolves once the invocations in flight have ended and been settled. */
  stop(): Promise<void>;
}

const DEFAULT_STREAM_POLL_INTERVAL_MS = 250;
const DEFAULT_RETRY_BACKOFF_MS = 250;

/** Several queue pollers long-poll at once: more sockets than the SDK's default 50 per client. */
const SOCKETS_PER_CLIENT = 1000;

/** The SDK clients the pollers share, made once for every mapping. */
interface PollerClients {
  readonly streams: DynamoDBStreamsClient;
  readonly sqs: SQSClient;
  readonly destinations: DestinationClients;
  destroy(): void;
}

function pollerClients(aws: SandboxAws, queueUrlOf: (queueArn: string) => string): PollerClients {
  const requestHandler = { httpAgent: { keepAlive: true, maxSockets: SOCKETS_PER_CLIENT } };
  const streams = new DynamoDBStreamsClient(clientConfig(aws, aws.endpoints.dynamodbStreams));
  const sqs = new SQSClient({ ...clientConfig(aws, aws.endpoints.sqs), requestHandler });
  let sns: SNSClient | undefined;
  return {
    streams,
    sqs,
    destinations: {
      sqs,
      sns: () => (sns ??= new SNSClient(clientConfig(aws, aws.endpoints.sns))),
      queueUrlOf,
    },
    destroy() {
      streams.destroy();
      sqs.destroy();
      sns?.destroy();
    },
  };
}

type Settings = Required<Pick<StartEventSourcesOptions, 'streamPollIntervalMs' | 'retryBackoffMs'>> &
  Pick<StartEventSourcesOptions, 'invoker' | 'aws' | 'queueUrlOf'>;

function startStream(
  mapping: StreamMapping,
  clients: PollerClients,
  { invoker, aws, streamPollIntervalMs, retryBackoffMs }: Settings,
  logLine: MappingLog,
): Promise<RunningPoller> {
  return startStreamPoller({
    mapping,
    streams: clients.streams,
    invoker,
    region: aws.region,
    functionArn: functionArnOf(mapping.functionName, aws.region, aws.accountId),
    destination:
      mapping.onFailureDestination === undefined
        ? undefined
        : failureDestination(mapping.onFailureDestination, clients.destinations),
    pollIntervalMs: streamPollIntervalMs,
    retryBackoffMs,
    log: logLine,
  });
}

function startQueue(
  mapping: QueueMapping,
  clients: PollerClients,
  { invoker, aws, queueUrlOf }: Settings,
  logLine: MappingLog,
): RunningPoller {
  if ((mapping.maximumConcurrency ?? 0) > MAX_QUEUE_CONCURRENCY) {
    logLine(`MaximumConcurrency ${mapping.maximumConcurrency} is run as ${MAX_QUEUE_CONCURRENCY} pollers`);
  }
  return startQueuePoller({
    mapping,
    sqs: clients.sqs,
    queueUrl: queueUrlOf(mapping.eventSourceArn),
    invoker,
    region: aws.region,
    log: logLine,
  });
}

/**
 * Starts a poller for every enabled mapping and resolves once each is polling (every stream
 * shard has its iterator). Throws, with nothing left running, when one cannot start.
 */
export async function startEventSources({
  mappings,
  streamPollIntervalMs = DEFAULT_STREAM_POLL_INTERVAL_MS,
  retryBackoffMs = DEFAULT_RETRY_BACKOFF_MS,
  log,
  ...wiring
}: StartEventSourcesOptions): Promise<RunningEventSources> {
  const settings: Settings = { ...wiring, streamPollIntervalMs, retryBackoffMs };
  const clients = pollerClients(wiring.aws, wiring.queueUrlOf);
  const pollers: RunningPoller[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(pollers.map((poller) => poller.stop()));
    clients.destroy();
  };
  try {
    for (const mapping of mappings) {
      const logLine = mappingLog(log, mapping.logicalId);
      if (!mapping.enabled) logLine('disabled (Enabled: false): not polled');
      else if (mapping.kind === 'dynamodb-stream')
        pollers.push(await startStream(mapping, clients, settings, logLine));
      else pollers.push(startQueue(mapping, clients, settings, logLine));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}

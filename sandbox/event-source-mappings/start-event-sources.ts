import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { clientConfig, type SandboxAws } from '../platform/aws-environment';
import type { Invoker } from '../lambda/invoker';
import { functionArnOf } from './arns';
import type { EventSourceMapping, StreamMapping } from './event-source-mapping';
import { failureDestination, type DestinationClients } from './failure-destination';
import { mappingLog, type LogLine } from './log';
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

/**
 * Starts a poller for every enabled mapping and resolves once each is polling (every stream
 * shard has its iterator). Throws, with nothing left running, when one cannot start.
 */
export async function startEventSources({
  mappings,
  invoker,
  aws,
  queueUrlOf,
  streamPollIntervalMs = DEFAULT_STREAM_POLL_INTERVAL_MS,
  retryBackoffMs = DEFAULT_RETRY_BACKOFF_MS,
  log,
}: StartEventSourcesOptions): Promise<RunningEventSources> {
  const requestHandler = { httpAgent: { keepAlive: true, maxSockets: SOCKETS_PER_CLIENT } };
  const streams = new DynamoDBStreamsClient(clientConfig(aws, aws.endpoints.dynamodbStreams));
  const sqs = new SQSClient({ ...clientConfig(aws, aws.endpoints.sqs), requestHandler });
  let sns: SNSClient | undefined;
  const clients: DestinationClients = {
    sqs,
    sns: () => (sns ??= new SNSClient(clientConfig(aws, aws.endpoints.sns))),
    queueUrlOf,
  };
  const pollers: RunningPoller[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(pollers.map((poller) => poller.stop()));
    streams.destroy();
    sqs.destroy();
    sns?.destroy();
  };

  const startStream = (
    mapping: StreamMapping,
    logLine: ReturnType<typeof mappingLog>,
  ): Promise<RunningPoller> => {
    if (mapping.parallelizationFactor > 1) {
      logLine(
        `ParallelizationFactor ${mapping.parallelizationFactor} is run as 1: one batch per shard at a time`,
      );
    }
    return startStreamPoller({
      mapping,
      streams,
      invoker,
      region: aws.region,
      functionArn: functionArnOf(mapping.functionName, aws.region, aws.accountId),
      destination:
        mapping.onFailureDestination === undefined
          ? undefined
          : failureDestination(mapping.onFailureDestination, clients),
      pollIntervalMs: streamPollIntervalMs,
      retryBackoffMs,
      log: logLine,
    });
  };

  try {
    for (const mapping of mappings) {
      const logLine = mappingLog(log, mapping.logicalId);
      if (!mapping.enabled) {
        logLine('disabled (Enabled: false): not polled');
        continue;
      }
      if (mapping.kind === 'dynamodb-stream') {
        pollers.push(await startStream(mapping, logLine));
        continue;
      }
      if ((mapping.maximumConcurrency ?? 0) > MAX_QUEUE_CONCURRENCY) {
        logLine(
          `MaximumConcurrency ${mapping.maximumConcurrency} is run as ${MAX_QUEUE_CONCURRENCY} pollers`,
        );
      }
      pollers.push(
        startQueuePoller({
          mapping,
          sqs,
          queueUrl: queueUrlOf(mapping.eventSourceArn),
          invoker,
          region: aws.region,
          log: logLine,
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { stop };
}

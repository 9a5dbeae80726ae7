import { startDynamoDbLocal, type DynamoDbLocal } from '../dynamodb';
import { loadCloudAssembly, pickStack, type SynthesizedStack } from '../platform/cloud-assembly';
import { SANDBOX_CONTEXT } from '../platform/config';
import { Resolver } from '../platform/resolver';
import { ensureSynthesized } from '../platform/synth';
import { startSnsSqs, type RunningSnsSqs } from '../sns';
import type { StartContext } from './context';

/** The app's stack with a resolver for its intrinsics, and the engines that need no template. */
export interface Engines {
  readonly stack: SynthesizedStack;
  readonly resolver: Resolver;
  readonly dynamodb: DynamoDbLocal;
  readonly snsSqs: RunningSnsSqs;
}

/** The value of a settled start; its failure, if another start failed first, is reported by then. */
function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** Synthesizes the app (when it changed) while DynamoDB Local and fauxqs start, then reads its stack. */
export async function synthesizeAndStartEngines({
  config,
  progress,
  stoppers,
  engineWatch,
}: StartContext): Promise<Engines> {
  const { host } = config;
  progress('Synthesizing the app (cdk synth) if it changed…');
  // Side by side, and all awaited even when one fails, so that whatever did start is stopped.
  const starts = await Promise.allSettled([
    ensureSynthesized({
      projectDir: config.projectDir,
      outDir: config.assemblyDir,
      context: config.context,
      log: progress,
    }),
    startDynamoDbLocal({ port: config.ports.dynamodb, host, log: progress }),
    startSnsSqs({
      host,
      port: config.ports.snsSqs,
      region: config.region,
      accountId: config.accountId,
      deliveryDelayScale: config.snsDelayScale,
      webhookUrlPolicy: SANDBOX_CONTEXT.webhookUrlPolicy,
      log: progress,
    }),
  ]);
  const [, dynamodbStart, snsSqsStart] = starts;
  if (dynamodbStart.status === 'fulfilled') {
    stoppers.add('engines', 'DynamoDB Local', () => dynamodbStart.value.stop());
    engineWatch.watch(dynamodbStart.value.ended);
  }
  if (snsSqsStart.status === 'fulfilled')
    stoppers.add('engines', 'SNS and SQS', () => snsSqsStart.value.stop());
  const synth = settledValue(starts[0]);
  const dynamodb = settledValue(dynamodbStart);
  const snsSqs = settledValue(snsSqsStart);
  snsSqs.refuseDeliveriesTo(dynamodb.endpoint, 'DynamoDB Local');
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
  return { stack, resolver, dynamodb, snsSqs };
}

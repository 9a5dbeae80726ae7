import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readEventSourceMappings, startEventSources } from './event-source-mappings';
import { startApis } from './phases/apis';
import type { StartContext } from './phases/context';
import { startDemoPage } from './phases/demo-page';
import { synthesizeAndStartEngines } from './phases/engines';
import { writeEndpointsFile, type SandboxEndpoints } from './phases/endpoints-file';
import { startFunctions } from './phases/functions';
import { createResources } from './phases/resources';
import type { SandboxConfig } from './platform/config';
import { DeferredInvoker } from './platform/deferred-invoker';
import { functionLogs } from './platform/function-logs';
import { Stoppers } from './platform/stoppers';
import { queueUrlOf } from './sqs';

export type { SandboxEndpoints } from './phases/endpoints-file';

export interface RunningSandbox {
  readonly endpoints: SandboxEndpoints;
  readonly startupMs: number;
  stop(): Promise<void>;
}

/**
 * Starts the whole app from its cloud assembly, phase by phase. Whatever has started when a
 * phase fails is stopped before the error is thrown.
 */
export async function startSandbox(
  config: SandboxConfig,
  progress: (line: string) => void,
): Promise<RunningSandbox> {
  const started = Date.now();
  const stoppers = new Stoppers();
  rmSync(config.endpointsFile, { force: true });
  mkdirSync(config.stateDir, { recursive: true });
  const logs = functionLogs(join(config.stateDir, 'logs'));
  stoppers.add('logs', 'logs', () => logs.close());
  const context: StartContext = { config, progress, stoppers, logs };
  try {
    // Synthesize the app when it changed, meanwhile starting DynamoDB Local and fauxqs.
    const engines = await synthesizeAndStartEngines(context);
    const { stack, resolver } = engines;

    // Resources: every one the template declares, created or registered so that references resolve.
    const { aws, apis: registeredApis, queues } = await createResources(context, engines);

    // APIs: they listen before the functions are built, as their URLs go into the functions' environments.
    const invoker = new DeferredInvoker();
    const apis = await startApis(context, engines, registeredApis, invoker, aws);

    // Functions: from here on, what the APIs pass on runs.
    const functions = startFunctions(context, engines, aws, invoker);

    // Event sources: the pollers that feed the functions from streams and queues.
    const eventSources = await startEventSources({
      mappings: readEventSourceMappings(stack, resolver),
      invoker,
      aws,
      queueUrlOf: queueUrlOf(queues),
      streamPollIntervalMs: config.streamPollIntervalMs,
      log: progress,
    });
    stoppers.add('pollers', 'event source mappings', () => eventSources.stop());

    // Demo page: one check watched through every method, as tenant `demo`.
    const demo = await startDemoPage(context, apis, aws, functions);

    // Endpoints file, last: whoever reads it may use every endpoint in it.
    const endpoints = writeEndpointsFile(config.endpointsFile, apis, demo);
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

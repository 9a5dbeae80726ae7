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
import { EngineWatch } from './platform/engine-watch';
import { functionLogs } from './platform/function-logs';
import { Stoppers } from './platform/stoppers';
import { queueUrlOf } from './sqs';

export type { SandboxEndpoints } from './phases/endpoints-file';
export { EngineEndedError } from './platform/engine-watch';

export interface RunningSandbox {
  readonly endpoints: SandboxEndpoints;
  readonly startupMs: number;
  /** Stops everything; calling it again waits for the same stop. */
  stop(): Promise<void>;
  /**
   * Settles once everything has stopped: fulfilled after stop(), rejected with an
   * EngineEndedError when an engine (DynamoDB Local) ended by itself and the sandbox
   * stopped because of it.
   */
  readonly stopped: Promise<void>;
}

/** Stops once, however often it is asked; `stopped` settles after, with the failure it stopped for. */
function onceStopping(
  stopAll: () => Promise<void>,
  engines: EngineWatch,
): Pick<RunningSandbox, 'stop' | 'stopped'> {
  let stopping: Promise<void> | undefined;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const stopped = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Who never waits for `stopped` must not see an engine's end as an unhandled rejection.
  stopped.catch(() => undefined);
  const stop = (): Promise<void> => {
    engines.stop();
    stopping ??= stopAll().then(
      () => {
        const failure = engines.failure;
        if (failure === undefined) settle?.resolve();
        else settle?.reject(failure);
      },
      (error: Error) => {
        settle?.reject(error);
        throw error;
      },
    );
    return stopping;
  };
  return { stop, stopped };
}

/**
 * Starts the whole app from its cloud assembly, phase by phase. Whatever has started when a
 * phase fails is stopped before the error is thrown. Once started, it stops by itself when
 * an engine it depends on ends.
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
  const engineWatch = new EngineWatch();
  const context: StartContext = { config, progress, stoppers, logs, engineWatch };
  try {
    // Synthesize the app when it changed, meanwhile starting DynamoDB Local and fauxqs.
    const engines = await synthesizeAndStartEngines(context);
    const { stack, resolver } = engines;

    // Resources: every one the template declares, created or registered so that references resolve.
    const { aws, apis: registeredApis, queues, eventApis, tls } = await createResources(context, engines);

    // APIs: they listen before the functions are built, as their URLs go into the functions' environments.
    const invoker = new DeferredInvoker();
    const apis = await startApis(context, engines, registeredApis, invoker, aws, {
      registered: eventApis,
      tls,
    });

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
    const stopping = onceStopping(async () => {
      rmSync(config.endpointsFile, { force: true });
      await stoppers.stopAll(progress);
    }, engineWatch);
    engineWatch.onFailure((failure) => {
      progress(failure.summary);
      void stopping.stop();
    });
    return { endpoints, startupMs: Date.now() - started, ...stopping };
  } catch (error) {
    engineWatch.stop();
    await stoppers.stopAll(progress);
    // An engine that ended explains the failures of the phases that then used it.
    throw engineWatch.failure ?? error;
  }
}

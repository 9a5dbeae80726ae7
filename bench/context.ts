import { spawnSandbox, stopOnExit, stopSpawnedSandbox } from '../scripts/sandbox-process';
import type { Progress } from './progress';
import type { BenchContext, BenchOptions, BenchSandbox, SuiteName } from './suite';

/**
 * What a suite runs with. Each sandbox it starts logs to `.sandbox/bench-<suite>-<n>.log`, and
 * is stopped if the run is interrupted before the suite stops it.
 */
export function benchContext(
  suite: SuiteName,
  options: BenchOptions,
  progress: Progress,
  projectDir: string,
): BenchContext {
  let started = 0;
  return {
    options,
    progress,
    projectDir,
    async startSandbox(start = {}): Promise<BenchSandbox> {
      started += 1;
      const logName = `bench-${suite}-${started}.log`;
      progress.note(`${suite}: starting a sandbox (log .sandbox/${logName})`);
      const process = await spawnSandbox(projectDir, { logName, args: start.args });
      const forget = stopOnExit(process);
      const { pid } = process.child;
      if (pid === undefined) throw new Error('The sandbox process has no pid');
      let stopping: Promise<void> | undefined;
      return {
        process,
        endpoints: process.endpoints,
        serverPid: pid,
        stop() {
          stopping ??= stopSpawnedSandbox(process).finally(forget);
          return stopping;
        },
      };
    },
  };
}

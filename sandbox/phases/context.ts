import type { SandboxConfig } from '../platform/config';
import type { EngineWatch } from '../platform/engine-watch';
import type { FunctionLogs } from '../platform/function-logs';
import type { Stoppers } from '../platform/stoppers';

/** What every phase of the start-up reads, and where it records how to stop what it started. */
export interface StartContext {
  readonly config: SandboxConfig;
  readonly progress: (line: string) => void;
  readonly stoppers: Stoppers;
  /** Where a phase registers an engine that the sandbox cannot run without. */
  readonly engineWatch: EngineWatch;
  readonly logs: FunctionLogs;
}

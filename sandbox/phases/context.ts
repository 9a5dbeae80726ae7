import type { SandboxConfig } from '../platform/config';
import type { FunctionLogs } from '../platform/function-logs';
import type { Stoppers } from '../platform/stoppers';

/** What every phase of the start-up reads, and where it records how to stop what it started. */
export interface StartContext {
  readonly config: SandboxConfig;
  readonly progress: (line: string) => void;
  readonly stoppers: Stoppers;
  readonly logs: FunctionLogs;
}

import type { SandboxAdmin } from '../e2e/support/endpoints';
import type { LedgerCounts } from './ledger';

/** `quick` runs in a few minutes on 2 cores (CI); `full` at the sizes the README quotes. */
export type LoadSize = 'quick' | 'full';

/** The sandbox under load: its endpoints file, and tokens signed with its dev secret. */
export interface LoadTarget {
  /** The REST stage URL, ending with `/`. */
  readonly restUrl: string;
  readonly wsUrl: string;
  /** The sandbox's admin API, which lists and drops connections. */
  readonly admin: SandboxAdmin;
  readonly tokenFor: (tenant: string) => Promise<string>;
}

export interface ScenarioContext {
  readonly target: LoadTarget;
  readonly size: LoadSize;
  /** A progress line on stderr. */
  readonly log: (line: string) => void;
  /** A fresh tenant per scenario, so scenarios never see each other's checks. */
  readonly tenant: string;
}

export interface ScenarioResult {
  /** What the run did and measured, printed as a table: counts, not timings asserted. */
  readonly figures: Readonly<Record<string, number | string>>;
  /** The exact accounting of the streams the scenario followed, if it followed any. */
  readonly ledger?: LedgerCounts;
  /** Anything lost or wrong besides the ledger's counts; any entry fails the run. */
  readonly problems: readonly string[];
}

export interface LoadScenario {
  readonly name: string;
  /** One line: what it does to the system and what it proves. */
  readonly description: string;
  /**
   * Lambda environments per function the scenario needs at this size (clients that hold an
   * invocation each: SSE streams, waiting long polls). The sandbox the suite starts allows
   * the most any chosen scenario needs; a given sandbox must have been started with enough.
   */
  readonly lambdaConcurrency?: (size: LoadSize) => number;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

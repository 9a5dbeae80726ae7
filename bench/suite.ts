import type { SandboxProcess } from '../scripts/sandbox-process';
import type { Progress } from './progress';

export type SuiteName = 'methods' | 'fanout' | 'connections' | 'functions' | 'cost';

/** What `npm run bench` was asked for; `--full` picks the larger sizes. */
export interface BenchOptions {
  readonly full: boolean;
  /** Clients watching one check, per method (N). */
  readonly clients: readonly number[];
  /** Updates per check (K). */
  readonly updates: number;
  /** WebSocket subscribers of one check, per fan-out size. */
  readonly fanout: readonly number[];
  /** Idle WebSocket connections held for the memory measurement. */
  readonly idleConnections: number;
  /** Repetitions of each measurement that is repeated. */
  readonly runs: number;
  readonly only: readonly SuiteName[];
  /** Where this run writes: `bench/results/<date>`. */
  readonly outDir: string;
}

export interface SandboxStartOptions {
  /** More `sandbox/main.ts` options, e.g. `['--lambda-concurrency', '100']`. */
  readonly args?: readonly string[];
}

export interface BenchContext {
  readonly options: BenchOptions;
  readonly progress: Progress;
  readonly projectDir: string;
  /** A sandbox of the suite's own on free ports; the suite stops it (`stop()`) when done. */
  startSandbox(start?: SandboxStartOptions): Promise<BenchSandbox>;
}

export interface BenchSandbox {
  readonly process: SandboxProcess;
  readonly endpoints: SandboxProcess['endpoints'];
  /** The pid of the Node process that holds the sandbox's sockets (not npx's). */
  readonly serverPid: number;
  stop(): Promise<void>;
}

export interface Chart {
  /** A file name in the results folder, e.g. `methods-latency.svg`. */
  readonly file: string;
  readonly title: string;
  readonly svg: string;
}

export interface ReportSection {
  /** Markdown starting with a `## ` heading, linking its charts by file name. */
  readonly markdown: string;
  readonly charts: readonly Chart[];
}

/** One part of the benchmark: what it measures and how the report shows it. */
export interface Suite<Result> {
  readonly name: SuiteName;
  readonly title: string;
  run(context: BenchContext): Promise<Result>;
  render(result: Result, options: BenchOptions): ReportSection;
}

import type { Summary } from '../../stats';
import type { LoadedBytes } from './module-sizes';

export const TARGETS = { sizeRatio: 0.25, loadRatio: 0.5 } as const;

export interface LoadComparison {
  readonly bundledMs: Summary;
  readonly unbundledMs: Summary;
  /** Bundled median over unbundled median. */
  readonly ratio: number | undefined;
}

export interface FunctionFigures {
  readonly name: string;
  readonly handlerFile: string;
  readonly bundledBytes: number;
  /** What loading the bundle also loads from node_modules (the SDK the runtime provides). */
  readonly bundledExternalBytes: number;
  readonly unbundled: LoadedBytes;
  readonly sizeRatio: number | undefined;
  /** `require()` of the entry, the AWS SDK it requires included. */
  readonly totalLoad: LoadComparison;
  /** `require()` of the entry once the SDK packages it requires are loaded. */
  readonly ownCodeLoad: LoadComparison;
  /** `require()` of only those SDK packages. */
  readonly sdkAloneMs: Summary;
  /** The `@aws-sdk/*` packages the handler requires, bundled and unbundled alike when equal. */
  readonly sdkPackages: { readonly bundled: readonly string[]; readonly unbundled: readonly string[] };
}

export interface FunctionsResult {
  readonly runs: number;
  readonly functions: readonly FunctionFigures[];
}

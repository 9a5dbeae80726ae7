import { probeLoad, type LoadedModule, type ProbePlan } from './load-probe';
import { sdkEntries } from './module-sizes';

export interface Variant {
  readonly entry: string;
  /** Where `node` runs, so that the entry's requires resolve as they would there. */
  readonly cwd: string;
}

export interface VariantLoads {
  /** `require()` of the entry, the AWS SDK included. */
  readonly totalMs: readonly number[];
  /** The same with the SDK files the entry requires already loaded: its own code alone. */
  readonly ownCodeMs: readonly number[];
  /** The SDK files the entry's own modules require, found in its first total load. */
  readonly sdkEntries: readonly string[];
  /** Every module the entry loaded, from its last total load. */
  readonly modules: readonly LoadedModule[];
}

export interface FunctionLoads {
  readonly bundled: VariantLoads;
  readonly unbundled: VariantLoads;
  /** `require()` of only the SDK files the unbundled handler requires. */
  readonly sdkAloneMs: readonly number[];
}

/** Fresh processes per run: total and own code of each variant, then the SDK alone. */
export const PROBES_PER_RUN = 5;

interface Samples {
  totalMs: number[];
  ownCodeMs: number[];
  sdkEntries: string[];
  modules: readonly LoadedModule[];
}

/**
 * Every measurement is a fresh `node` process. Each run takes every measurement once, so
 * that drift over the runs (disk cache, a busy core) touches them all alike.
 */
export async function measureLoads(
  bundled: Variant,
  unbundled: Variant,
  env: NodeJS.ProcessEnv,
  runs: number,
  onProbe: () => void,
): Promise<FunctionLoads> {
  const probe = async (plan: ProbePlan, variant: Variant) => {
    const load = await probeLoad(plan, env, variant.cwd);
    onProbe();
    return load;
  };
  const empty = (): Samples => ({ totalMs: [], ownCodeMs: [], sdkEntries: [], modules: [] });
  const both = [
    { variant: bundled, samples: empty() },
    { variant: unbundled, samples: empty() },
  ];
  const sdkAloneMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    for (const { variant, samples } of both) {
      const total = await probe({ timed: [variant.entry] }, variant);
      samples.totalMs.push(total.ms);
      samples.modules = total.modules;
      if (run === 0) samples.sdkEntries = sdkEntries(variant.entry, total.modules);
    }
    for (const { variant, samples } of both) {
      const own = await probe({ before: samples.sdkEntries, timed: [variant.entry] }, variant);
      samples.ownCodeMs.push(own.ms);
    }
    const sdkAlone = await probe({ timed: both[1].samples.sdkEntries }, unbundled);
    sdkAloneMs.push(sdkAlone.ms);
  }
  return { bundled: both[0].samples, unbundled: both[1].samples, sdkAloneMs };
}

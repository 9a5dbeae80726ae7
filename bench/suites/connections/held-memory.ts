import { summarize } from '../../stats';
import type { ResidentSamples } from '../../process/process-memory';
import type { HeldMemory } from './result';

/** What N connections cost, from samples taken before and after they were opened. */
export function heldMemory(
  before: ResidentSamples,
  after: ResidentSamples,
  connections: number,
  connectMs: number,
): HeldMemory {
  const baseline = summarize(before.samples).median;
  return {
    beforeBytes: before.samples,
    afterBytes: after.samples,
    perConnectionBytes: after.samples.map((bytes) => (bytes - baseline) / connections),
    connectMs,
    steady: { before: before.steady, after: after.steady },
  };
}

import { summarize } from '../../stats';

export interface ConcurrencyRuns<T> {
  readonly concurrency: number;
  readonly runs: readonly T[];
}

/** The concurrency whose runs have the highest median of `score`; the first of equals. */
export function bestConcurrency<T>(
  candidates: readonly ConcurrencyRuns<T>[],
  score: (run: T) => number,
): ConcurrencyRuns<T> {
  let best: { candidate: ConcurrencyRuns<T>; median: number } | undefined;
  for (const candidate of candidates) {
    if (candidate.runs.length === 0) continue;
    const { median } = summarize(candidate.runs.map(score));
    if (best === undefined || median > best.median) best = { candidate, median };
  }
  if (best === undefined) throw new Error('No concurrency has any run');
  return best.candidate;
}

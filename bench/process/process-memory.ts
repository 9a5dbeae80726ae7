import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import pidusage from 'pidusage';
import { descendantsOf, parentPidOf } from './proc-stat';
import { isSteady } from './steady';

/** The resident set of each pid, in bytes. */
export async function residentBytes(pids: readonly number[]): Promise<number[]> {
  if (pids.length === 0) return [];
  const stats = await pidusage([...pids]);
  return pids.map((pid) => stats[String(pid)].memory);
}

/** The processes a process started, and theirs, named `command` (Linux: read from `/proc`). */
export function childProcessesOf(pid: number, command: string): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = parentPidOf(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (parent !== undefined) parents.set(Number(entry), parent);
    } catch {
      // The process ended while the list was read.
    }
  }
  return descendantsOf(pid, parents).filter((child) => {
    try {
      return readFileSync(`/proc/${child}/comm`, 'utf8').trim() === command;
    } catch {
      return false;
    }
  });
}

export interface SampleOptions {
  readonly intervalMs: number;
  /** How many samples in a row must agree, and are returned. */
  readonly window: number;
  /** How far they may spread, as a fraction of their median. */
  readonly tolerance: number;
  /** Sampling stops here, steady or not. */
  readonly maxMs: number;
}

export interface ResidentSamples {
  /** The last `window` readings of the summed resident set of the pids, bytes. */
  readonly samples: number[];
  readonly steady: boolean;
}

/**
 * Reads the summed resident set of `pids` until it holds still. After a burst of work V8
 * collects and returns memory for many seconds (its memory reducer), so a reading taken
 * too soon may be tens of MB above the one taken later, more than thousands of idle
 * connections cost.
 */
export async function steadyResidentBytes(
  pids: () => readonly number[],
  options: SampleOptions,
): Promise<ResidentSamples> {
  const samples: number[] = [];
  const deadline = Date.now() + options.maxMs;
  for (;;) {
    samples.push((await residentBytes(pids())).reduce((sum, bytes) => sum + bytes, 0));
    const steady = isSteady(samples, options.window, options.tolerance);
    if (steady || Date.now() >= deadline) return { samples: samples.slice(-options.window), steady };
    await delay(options.intervalMs);
  }
}

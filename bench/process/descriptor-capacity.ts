import { readdirSync, readFileSync } from 'node:fs';

/** A process's open-files limit as `/proc/<pid>/limits` states it. */
export interface DescriptorLimit {
  readonly soft: number;
  readonly hard: number;
}

/** `Max open files            20000                20000                files` → soft and hard. */
export function parseOpenFilesLimit(limitsText: string): DescriptorLimit {
  const line = limitsText.split('\n').find((text) => text.startsWith('Max open files'));
  const match = line === undefined ? null : /^Max open files\s+(\S+)\s+(\S+)/.exec(line);
  if (match === null) throw new Error('No "Max open files" line in the limits');
  const value = (text: string) => (text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text));
  return { soft: value(match[1]), hard: value(match[2]) };
}

export function readOpenFilesLimit(pid: number): DescriptorLimit {
  return parseOpenFilesLimit(readFileSync(`/proc/${pid}/limits`, 'utf8'));
}

export function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/**
 * WebSocket connections a server process can still accept: its soft limit, less what it holds
 * already, less `headroom` for what a fan-out opens besides (the notifier's `@connections`
 * sockets, both of whose ends the sandbox holds; the direct client's; the functions' table
 * clients).
 */
export function connectionCapacity(limit: DescriptorLimit, open: number, headroom: number): number {
  return Math.max(0, Math.floor(limit.soft - open - headroom));
}

/** A size as measured, and the sizes asked for that it stands for. */
export interface SizePlan {
  readonly measured: number;
  /** More than one when several sizes above `capacity` were all capped to it. */
  readonly requested: readonly number[];
}

/** Each requested size capped at `capacity`, in order; sizes capped to the same number share one plan. */
export function planSizes(requested: readonly number[], capacity: number): SizePlan[] {
  const plans: { measured: number; requested: number[] }[] = [];
  for (const size of requested) {
    const measured = Math.min(size, capacity);
    if (measured < 2)
      throw new Error(
        `A fan-out of ${size} cannot be measured: the server holds ${capacity} more connections`,
      );
    const same = plans.find((plan) => plan.measured === measured);
    if (same === undefined) plans.push({ measured, requested: [size] });
    else same.requested.push(size);
  }
  return plans;
}

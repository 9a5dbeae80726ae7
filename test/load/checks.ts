import { setTimeout as delay } from 'node:timers/promises';
import type { RestClient } from '../e2e/support/rest-client';
import { mapAtMost } from './at-most';

/** A check a scenario created, and every version it will have (1 to steps + 1). */
export interface LoadCheck {
  readonly id: string;
  readonly versions: readonly number[];
}

export interface CheckPlan {
  /** How many checks, each with `steps` updates paced `stepMs` apart. */
  readonly count: number;
  readonly steps: number;
  readonly stepMs: number;
}

/** Version 1 is the created check; the worker bumps it once per step, the last to `done`. */
export function versionsOf(steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, index) => index + 1);
}

/** `POST /checks` for each check of the plan, a few at a time: they change side by side. */
export async function createChecks(api: RestClient, plan: CheckPlan, label: string): Promise<LoadCheck[]> {
  const indexes = Array.from({ length: plan.count }, (_, index) => index);
  return mapAtMost(indexes, async (index) => {
    const body = { target: `${label}-${index}`, steps: plan.steps, stepMs: plan.stepMs };
    const answer = await api.request('POST', 'checks', { body });
    const id = (answer.json as { id?: unknown } | undefined)?.id;
    if (answer.status !== 202 || typeof id !== 'string') {
      throw new Error(`POST /checks answered ${answer.status}, expected 202 and a check: ${answer.text}`);
    }
    return { id, versions: versionsOf(plan.steps) };
  });
}

/** What a scenario reads of a check while it waits on it. */
export interface CheckState {
  readonly status: string;
  readonly version: number;
}

export const hasEnded = (check: CheckState): boolean => check.status === 'done' || check.status === 'failed';

/** Reads every check until each satisfies `reached`; the ids of those that had not by the deadline. */
export async function waitForChecks(
  api: RestClient,
  checks: readonly LoadCheck[],
  reached: (check: CheckState) => boolean,
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let pending = checks.map((check) => check.id);
  while (pending.length > 0 && Date.now() < deadline) {
    // A read that fails under load says nothing about the check: it is read again.
    const answers = await mapAtMost(pending, (id) => api.getCheck(id).catch(() => undefined));
    pending = pending.filter((_, index) => {
      const answer = answers[index];
      return answer?.status !== 200 || !reached(answer.json as CheckState);
    });
    if (pending.length > 0) await delay(250);
  }
  return pending;
}

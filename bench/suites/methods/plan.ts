import type { MethodName } from './types';

/** How often the worker commits a step: short polling at 5 s still sees a change every few polls. */
export const STEP_MS = 1000;
/** The contract's ceiling on a check's steps. */
export const MAX_STEPS = 20;

/** Methods whose every waiting client holds a Lambda invocation, and so needs an environment of its own. */
export const HELD_METHODS: readonly MethodName[] = ['long-poll', 'sse', 'connect-proto', 'connect-json'];
export const FREE_METHODS: readonly MethodName[] = [
  'short-1s',
  'short-5s',
  'websocket',
  'appsync-events',
  'webhooks',
];

/**
 * Steps committed before the measured ones, while the N clients attach (subscribe, open
 * their streams): one per started 60 clients, and one per started 10 for the methods that
 * hold an invocation per client, whose environments the sandbox may still be starting (a
 * warm-up shorter than its own attaching leaves some cold). None for webhooks, whose
 * subscriptions are confirmed before the check exists. The check stays within 20 steps.
 */
export function warmupSteps(method: MethodName, clients: number, updates: number): number {
  if (method === 'webhooks') return 0;
  const perStep = HELD_METHODS.includes(method) ? 10 : 60;
  return Math.max(0, Math.min(1 + Math.ceil(clients / perStep), MAX_STEPS - updates));
}

export function stepsOf(method: MethodName, clients: number, updates: number): number {
  return Math.min(MAX_STEPS, updates + warmupSteps(method, clients, updates));
}

/** Environments per function for the held methods: one per client, and room for the other functions' work. */
export function heldConcurrency(clients: readonly number[]): number {
  return Math.max(...clients) + 20;
}

/**
 * Whether a discarded run at this N comes first. An environment starts only when every warm
 * one is busy, and a cold start on a small machine under load takes seconds (more than the
 * authorizer's 10 s timeout at 100 at once), so each N is warmed. Short polling at 5 s runs
 * after short polling at 1 s warmed the same function; webhook subscriptions are made before
 * their check exists, so webhooks warm only the pipeline, at the first N.
 */
export function needsWarmup(method: MethodName, firstSize: boolean): boolean {
  if (method === 'short-5s') return false;
  return firstSize || method !== 'webhooks';
}

/** Long enough for every held client of the warm-up to be waiting at once while environments start. */
export function warmupStepMs(method: MethodName, clients: number): number {
  return HELD_METHODS.includes(method) ? Math.min(10_000, 2000 + 80 * clients) : 1000;
}

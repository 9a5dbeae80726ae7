import { setTimeout as delay } from 'node:timers/promises';
import { RestClient } from '../../../e2e/support/rest-client';
import { mapAtMost } from '../../at-most';
import { createChecks, hasEnded, waitForChecks, type LoadCheck } from '../../checks';
import { Ledger } from '../../ledger';
import type { LoadScenario, ScenarioContext, ScenarioResult } from '../../scenario';
import { awaitCompletion, replayAll, settle, subscribeAll, type Hook, type Settled } from './phases';
import { FaultyReceiver, type ReceiverKind } from './receiver';
import { FLAKY_ODDS, WEBHOOK_SIZES, type WebhookSizes } from './sizes';
import { unsubscribe } from './subscriptions';

const KINDS: readonly ReceiverKind[] = ['healthy', 'flaky', 'down-window', 'down'];
/** Replayed failures go out at once to healed receivers: this long with none arriving is a loss. */
const REPLAY_STALL_MS = 30_000;

async function startReceivers(sizes: WebhookSizes, sandboxHost: string): Promise<FaultyReceiver[]> {
  const plan = KINDS.flatMap((kind) =>
    Array.from({ length: sizes.receivers[kind] }, (_, index) => ({ kind, name: `${kind}-${index + 1}` })),
  );
  return Promise.all(plan.map(({ kind, name }) => FaultyReceiver.start(name, kind, sandboxHost, FLAKY_ODDS)));
}

/**
 * Closes the down receivers and runs the checks. The down-window receivers open again once
 * every check is half way and SNS has had time to give up on what it sent them meanwhile,
 * so they lose the first half of each check and take the second.
 */
async function runChecks(
  api: RestClient,
  hooks: readonly Hook[],
  sizes: WebhookSizes,
  tenant: string,
): Promise<{ readonly checks: LoadCheck[]; readonly unfinished: string[] }> {
  const closed = hooks.map((hook) => hook.receiver).filter((receiver) => receiver.kind.startsWith('down'));
  await Promise.all(closed.map((receiver) => receiver.down()));
  const plan = { count: sizes.checks, steps: sizes.updates, stepMs: sizes.stepMs };
  const checks = await createChecks(api, plan, tenant);
  // A job whose worker failed to start comes back after the queue's visibility timeout (a minute or more).
  const runMs = sizes.updates * sizes.stepMs + 150_000;
  const halfWay = Math.ceil(sizes.updates / 2) + 1;
  const reopened = waitForChecks(api, checks, (check) => check.version >= halfWay, runMs)
    .then(() => delay(sizes.giveUpMs))
    .then(() => Promise.all(closed.filter((r) => r.kind === 'down-window').map((r) => r.up())));
  const unfinished = await waitForChecks(api, checks, hasEnded, runMs);
  await reopened;
  return { checks, unfinished };
}

function eventIdsOf(checks: readonly LoadCheck[]): string[] {
  return checks.flatMap((check) => check.versions.map((version) => `${check.id}:${version}`));
}

/** Each receiver is a client that must have every version of every check once. */
function ledgerOf(hooks: readonly Hook[], checks: readonly LoadCheck[]): Ledger {
  const ledger = new Ledger();
  for (const { receiver } of hooks) {
    for (const check of checks) ledger.expect(receiver.name, check.id, check.versions, 'every');
    // Deduplicated and sorted: SNS may redeliver and promises no order, and a replay comes
    // last; copies and late arrivals are figures of their own, not losses.
    for (const [checkId, versions] of receiver.log.versionsByCheck()) {
      for (const version of versions) ledger.receive(receiver.name, checkId, version);
    }
  }
  return ledger;
}

function byKind(hooks: readonly Hook[], value: (hook: Hook) => number): string {
  return KINDS.map((kind) =>
    hooks.filter((hook) => hook.receiver.kind === kind).reduce((sum, hook) => sum + value(hook), 0),
  ).join(' / ');
}

function settledProblems(hooks: readonly Hook[], settled: Settled): string[] {
  const problems: string[] = [];
  for (const hook of hooks) {
    const coverage = settled.coverage.get(hook);
    if (coverage === undefined) continue;
    const { name } = hook.receiver;
    if (coverage.uncovered.length > 0) {
      problems.push(
        `${name}: ${coverage.uncovered.length} events neither delivered nor listed as failures, e.g. ` +
          coverage.uncovered.slice(0, 3).join(', '),
      );
    }
    if (coverage.unexpectedFailures > 0)
      problems.push(`${name}: ${coverage.unexpectedFailures} failures listed of events it was not owed`);
    if (hook.receiver.kind === 'down' && coverage.delivered > 0)
      problems.push(`${name} was closed throughout yet took ${coverage.delivered} events`);
  }
  return problems;
}

/** What the run measured, to be printed; every figure is per receiver kind where it differs by kind. */
interface Outcome {
  readonly checks: readonly LoadCheck[];
  readonly owed: readonly string[];
  readonly settled: Settled;
  readonly settleSeconds: number;
  readonly takenBeforeReplay: ReadonlyMap<Hook, number>;
  readonly replayed: ReadonlyMap<Hook, number>;
  readonly replaySeconds: number;
}

function figuresOf(hooks: readonly Hook[], sizes: WebhookSizes, outcome: Outcome) {
  const { settled, replayed, takenBeforeReplay } = outcome;
  const perKind = (value: (hook: Hook) => number) => byKind(hooks, value);
  const coverage = (hook: Hook) => settled.coverage.get(hook);
  return {
    'receivers (healthy / flaky / down-window / down)': perKind(() => 1),
    checks: outcome.checks.length,
    'updates per check': sizes.updates,
    'events owed per receiver': outcome.owed.length,
    'attempts failed on purpose (flaky)': perKind((hook) => hook.receiver.failedAttempts),
    'events listed as failures before the replay': perKind((hook) => settled.failures.get(hook) ?? 0),
    'events delivered and also listed as failures': perKind(
      (hook) => coverage(hook)?.deliveredAndFailed ?? 0,
    ),
    'failures listed twice': perKind((hook) => coverage(hook)?.repeatedFailures ?? 0),
    'failure pages read': settled.pages,
    'seconds until every event was delivered or listed': outcome.settleSeconds,
    'events replayed': perKind((hook) => replayed.get(hook) ?? 0),
    'seconds from the replay until every event was taken': outcome.replaySeconds,
    'events taken after the replay': perKind(
      (hook) => hook.receiver.log.distinct.size - (takenBeforeReplay.get(hook) ?? 0),
    ),
    'deliveries taken, copies included': perKind((hook) => hook.receiver.log.taken),
    'duplicate deliveries (SNS is at-least-once)': perKind((hook) => hook.receiver.log.duplicates),
    'late arrivals (SNS keeps no order; replays come last)': perKind(
      (hook) => hook.receiver.log.lateArrivals,
    ),
  };
}

function replayProblems(
  hooks: readonly Hook[],
  outcome: Outcome,
  completion: { readonly incomplete: readonly string[]; readonly leftListed: number },
): string[] {
  const problems: string[] = [];
  for (const hook of hooks) {
    const listed = outcome.settled.failures.get(hook) ?? 0;
    const replayed = outcome.replayed.get(hook) ?? 0;
    if (replayed !== listed)
      problems.push(`${hook.receiver.name}: ${listed} failures listed but ${replayed} replayed`);
  }
  if (completion.incomplete.length > 0)
    problems.push(`receivers still missing events after the replay: ${completion.incomplete.join(', ')}`);
  if (completion.leftListed > 0)
    problems.push(`${completion.leftListed} failures still listed after the replay delivered them`);
  return problems;
}

/** Checks run against the receivers; every event accounted for; the replay; every event taken. */
async function runWith(
  api: RestClient,
  hooks: readonly Hook[],
  sizes: WebhookSizes,
  context: ScenarioContext,
) {
  const { checks, unfinished } = await runChecks(api, hooks, sizes, context.tenant);
  const owed = eventIdsOf(checks);
  const settleStarted = Date.now();
  const settled = await settle(api, hooks, owed, sizes.settleMs);
  const settleSeconds = (Date.now() - settleStarted) / 1000;
  const takenBeforeReplay = new Map(hooks.map((hook) => [hook, hook.receiver.log.distinct.size]));
  context.log(`every event delivered or listed as a failure after ${settleSeconds} s; replaying`);
  const replayStarted = Date.now();
  const replayed = await replayAll(api, hooks);
  const completion = await awaitCompletion(api, hooks, owed, REPLAY_STALL_MS);
  const replaySeconds = (Date.now() - replayStarted) / 1000;
  const outcome = { checks, owed, settled, settleSeconds, takenBeforeReplay, replayed, replaySeconds };
  const problems = [...settledProblems(hooks, settled), ...replayProblems(hooks, outcome, completion)];
  if (unfinished.length > 0) problems.push(`checks that never ended: ${unfinished.join(', ')}`);
  return { outcome, problems };
}

async function run(context: ScenarioContext): Promise<ScenarioResult> {
  const { target, size, tenant, log } = context;
  const sizes = WEBHOOK_SIZES[size];
  const api = new RestClient(target.restUrl, await target.tokenFor(tenant));
  const receivers = await startReceivers(sizes, new URL(target.restUrl).hostname);
  let hooks: Hook[] = [];
  try {
    hooks = await subscribeAll(api, receivers);
    log(`${hooks.length} receivers subscribed and confirmed; running ${sizes.checks} checks`);
    const { outcome, problems } = await runWith(api, hooks, sizes, context);
    const ledger = ledgerOf(hooks, outcome.checks);
    problems.push(...ledger.problems());
    return { figures: figuresOf(hooks, sizes, outcome), ledger: ledger.counts(), problems };
  } finally {
    await mapAtMost(hooks, (hook) => unsubscribe(api, hook.subscriptionId).catch(() => undefined));
    await Promise.all(receivers.map((receiver) => receiver.stop()));
  }
}

export const webhooksScenario: LoadScenario = {
  name: 'webhooks',
  description:
    'healthy, flaky and down webhook receivers: every event is delivered or listed as a failure, and the replay delivers the rest',
  run,
};

import { setTimeout as delay } from 'node:timers/promises';
import pLimit from 'p-limit';
import { RestClient } from '../../../e2e/support/rest-client';
import { listConnections } from '../../../e2e/support/sandbox-admin';
import { createChecks } from '../../checks';
import { Ledger } from '../../ledger';
import type { LoadScenario, ScenarioContext, ScenarioResult } from '../../scenario';
import { finalVersionOf } from '../../versions';
import { checkCleanup } from './cleanup';
import { DROPS_SIZES, faultOf, faultVersionOf } from './sizes';
import { follow, type Watcher } from './watcher';

/** Watches connecting and subscribing at once. */
const STARTING = 20;
/** Posts still in flight to a cut connection land within this after the last watch ends. */
const SETTLE_MS = 2_000;

function sumOf(watchers: readonly Watcher[], read: (watcher: Watcher) => number): number {
  return watchers.reduce((sum, watcher) => sum + read(watcher), 0);
}

async function run({ target, size: sizeName, tenant, log }: ScenarioContext): Promise<ScenarioResult> {
  const size = DROPS_SIZES[sizeName];
  const finalVersion = finalVersionOf(size.steps);
  const token = await target.tokenFor(tenant);
  const plan = { count: size.checks, steps: size.steps, stepMs: size.stepMs };
  const checks = await createChecks(new RestClient(target.restUrl, token), plan, tenant);
  const checkIds = checks.map((check) => check.id);
  const watchers: Watcher[] = Array.from({ length: size.clients }, (_, index) => ({
    name: `${tenant}-client-${index}`,
    checkId: checkIds[index % checkIds.length],
    fault: faultOf(index),
    faultVersion: faultVersionOf(index, size.steps),
  }));
  const ledger = new Ledger();
  const timeoutMs = size.steps * size.stepMs + 120_000;
  log(`${size.clients} clients follow ${size.checks} checks; a third dropped, a third closed mid-run`);
  const started = Date.now();
  // A watch waits for the one before it to start (up to `STARTING` at once): hundreds of
  // first connections at once would start as many environments, each slow on a small machine.
  const starting = pLimit(STARTING);
  const following: Promise<void>[] = [];
  await Promise.all(
    watchers.map((watcher) =>
      starting(
        () =>
          new Promise<void>((onStarted) => {
            const signal = AbortSignal.timeout(timeoutMs);
            following.push(follow(watcher, { target, token, ledger, finalVersion, signal, onStarted }));
          }),
      ),
    ),
  );
  await Promise.all(following);
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  await delay(SETTLE_MS);
  const cleanup = checkCleanup(watchers, await listConnections(target.admin), finalVersion);
  const failures = watchers.flatMap((watcher) =>
    watcher.failure === undefined ? [] : [`${watcher.name} (${watcher.fault}): ${watcher.failure}`],
  );
  const faulted = watchers.filter((watcher) => watcher.faulted !== undefined);
  const kept = watchers.filter((watcher) => watcher.fault === 'kept');
  return {
    figures: {
      clients: size.clients,
      checks: size.checks,
      steps: size.steps,
      kept: kept.length,
      dropped: faulted.filter((watcher) => watcher.fault === 'dropped').length,
      closed: faulted.filter((watcher) => watcher.fault === 'closed').length,
      watchSeconds: seconds,
      websocketRequests: sumOf(watchers, (watcher) => watcher.stats?.perTransport.websocket.requests ?? 0),
      duplicatesDropped: sumOf(watchers, (watcher) => watcher.stats?.duplicatesDropped ?? 0),
      gapsRefetchedByKept: sumOf(kept, (watcher) => watcher.stats?.gapsRefetched ?? 0),
      gapsRefetchedByFaulted: sumOf(faulted, (watcher) => watcher.stats?.gapsRefetched ?? 0),
      postsGoneToDropped: cleanup.postsGoneToDropped,
      postsGoneToClosed: cleanup.postsGoneToClosed,
    },
    ledger: ledger.counts(),
    problems: [...failures.slice(0, 10), ...cleanup.problems.slice(0, 10), ...ledger.problems()],
  };
}

export const websocketDropsScenario: LoadScenario = {
  name: 'websocket-drops',
  description:
    "the project's client follows checks while its connections are dropped (no $disconnect) or closed abruptly: it resumes with every version once, in order, and the stale connections are cleaned up",
  run,
};

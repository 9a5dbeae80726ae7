import { setTimeout as delay } from 'node:timers/promises';
import { RestClient } from '../../../e2e/support/rest-client';
import { createChecks, hasEnded, waitForChecks } from '../../checks';
import { Ledger } from '../../ledger';
import type { LoadScenario, ScenarioContext, ScenarioResult } from '../../scenario';
import { follow, followersOf, type Followed } from './followers';
import { POLLING_SIZES, type PollingSizes } from './sizes';
import { streamEndProblem } from './stream-end';

/** Time for every client to reach the end after the checks' own run, on a loaded machine. */
const FOLLOW_GRACE_MS = 90_000;

/** `mean / max` of a per-client count, over the clients of one transport. */
function spread(results: readonly Followed[], value: (result: Followed) => number): string {
  const values = results.map(value);
  if (values.length === 0) return '-';
  const mean = values.reduce((sum, each) => sum + each, 0) / values.length;
  return `${Math.round(mean * 10) / 10} / ${Math.max(...values)}`;
}

function figuresOf(sizes: PollingSizes, results: readonly Followed[], versionsPerCheck: number) {
  const longPoll = results.filter((result) => result.follower.transport === 'long-poll');
  const sse = results.filter((result) => result.follower.transport === 'sse');
  const pair = (value: (result: Followed) => number) =>
    `${longPoll.reduce((sum, r) => sum + value(r), 0)} / ${sse.reduce((sum, r) => sum + value(r), 0)}`;
  const requests = (result: Followed) => result.stats.perTransport[result.follower.transport].requests;
  return {
    'clients (long-poll / sse)': `${longPoll.length} / ${sse.length}`,
    checks: sizes.checks,
    'updates per check': sizes.updates,
    'ms between updates': sizes.stepMs,
    'requests per long-poll client (mean / max)': spread(longPoll, requests),
    'requests per sse client (mean / max)': spread(sse, requests),
    'versions delivered (long-poll / sse)': pair((result) => result.versions),
    'versions coalesced (long-poll / sse)': pair((result) => versionsPerCheck - result.versions),
    'clients that saw the check change (long-poll / sse)': pair((result) => (result.versions > 1 ? 1 : 0)),
    'reconnects (long-poll / sse)': pair((result) => result.stats.reconnects),
    'stale versions the client dropped (long-poll / sse)': pair((result) => result.stats.duplicatesDropped),
  };
}

function problemsOf(results: readonly Followed[]): string[] {
  const problems: string[] = [];
  for (const { follower, stats, ended, error } of results) {
    const who = `${follower.name} (check ${follower.checkId})`;
    if (error !== undefined) problems.push(`${who} failed: ${error}`);
    else if (!ended) problems.push(`${who} stopped before the final version`);
    // Each request resumes after the last version, so the server must never send an older one.
    if (stats.duplicatesDropped > 0)
      problems.push(`${who}: the server sent ${stats.duplicatesDropped} versions it already had`);
  }
  return problems.length > 10 ? [...problems.slice(0, 10), `… ${problems.length - 10} more`] : problems;
}

async function run({ target, size, tenant, log }: ScenarioContext): Promise<ScenarioResult> {
  const sizes = POLLING_SIZES[size];
  const token = await target.tokenFor(tenant);
  const api = new RestClient(target.restUrl, token);
  const plan = { count: sizes.checks, steps: sizes.updates, stepMs: sizes.stepMs };
  const checks = await createChecks(api, plan, tenant);
  const followers = followersOf(
    sizes,
    checks.map((check) => check.id),
  );
  const ledger = new Ledger();
  const versions = checks[0]?.versions ?? [];
  for (const follower of followers) ledger.expect(follower.name, follower.checkId, versions, 'latest');
  log(`${followers.length} clients following ${checks.length} checks`);
  const timeoutMs = sizes.rampMs + sizes.updates * sizes.stepMs + FOLLOW_GRACE_MS;
  const options = { restUrl: target.restUrl, token, waitSeconds: sizes.waitSeconds, timeoutMs, ledger };
  const [results, unfinished, streamEnds] = await Promise.all([
    Promise.all(
      followers.map(async (follower, index) => {
        await delay((index * sizes.rampMs) / followers.length);
        return follow(follower, options);
      }),
    ),
    waitForChecks(api, checks, hasEnded, timeoutMs),
    Promise.all(checks.map((check) => streamEndProblem(target.restUrl, token, check.id, timeoutMs))),
  ]);
  const problems = problemsOf(results);
  if (unfinished.length > 0) problems.push(`checks that never ended: ${unfinished.join(', ')}`);
  const streamProblems = streamEnds.filter((problem) => problem !== undefined);
  problems.push(...streamProblems, ...ledger.problems());
  const figures = {
    ...figuresOf(sizes, results, versions.length),
    'raw SSE streams the server ended after check.done': `${checks.length - streamProblems.length} of ${checks.length}`,
  };
  return { figures, ledger: ledger.counts(), problems };
}

export const pollingScenario: LoadScenario = {
  name: 'polling',
  description:
    'long-poll and SSE clients (the project client) follow checks while they change: no repeat, no going back, each ends on the final version',
  lambdaConcurrency: (size) => POLLING_SIZES[size].lambdaConcurrency,
  run,
};

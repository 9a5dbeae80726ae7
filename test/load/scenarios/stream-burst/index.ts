import pLimit from 'p-limit';
import { setTimeout as delay } from 'node:timers/promises';
import { RestClient } from '../../../e2e/support/rest-client';
import { createChecks } from '../../checks';
import type { LoadScenario, ScenarioContext, ScenarioResult } from '../../scenario';
import { finalVersionOf } from '../../versions';
import {
  closeAll,
  openSubscribers,
  subscribeAll,
  unexpectedMessagesOf,
  warmUp,
} from '../../websocket/fan-out';
import { SubscriptionLedger } from '../../websocket/subscription-ledger';
import { BURST_SIZES, changesOf } from './sizes';

/** Checks created (and subscribed to) at once: the burst, as fast as the API takes it. */
const PIPELINE = 10;
/** Late duplicates (a retried batch) arrive within this after the last final version. */
const SETTLE_MS = 2_000;
const TIMEOUT_MS = 300_000;

async function run({ target, size: sizeName, tenant, log }: ScenarioContext): Promise<ScenarioResult> {
  const size = BURST_SIZES[sizeName];
  const token = await target.tokenFor(tenant);
  const rest = new RestClient(target.restUrl, token);
  const opened = await openSubscribers(target.wsUrl, token, size.checks * size.subscribersPerCheck, log);
  try {
    await warmUp(opened.subscribers, opened.retries);
    const ledger = new SubscriptionLedger();
    const limit = pLimit(PIPELINE);
    const failures: string[] = [];
    log(
      `${size.checks} checks of ${size.steps} steps with no pause, ${opened.subscribers.length} subscribers`,
    );
    const started = Date.now();
    // Each check's subscribers subscribe as soon as it exists: with no pause between steps,
    // a snapshot may already be past version 1, and the stream is then every version after it.
    await Promise.all(
      Array.from({ length: size.checks }, (_, index) =>
        limit(async () => {
          const [checkId] = await createChecks(rest, {
            count: 1,
            steps: size.steps,
            stepMs: 0,
            label: `${tenant}-${index}`,
          });
          ledger.check(checkId, finalVersionOf(size.steps));
          const members = opened.subscribers.slice(
            index * size.subscribersPerCheck,
            (index + 1) * size.subscribersPerCheck,
          );
          const subscribed = await subscribeAll(
            members.map((subscriber, member) => ({
              client: `burst-${index}-${member}`,
              subscriber,
              checkIds: [checkId],
            })),
            ledger,
            opened.retries,
          );
          failures.push(...subscribed.failures);
        }),
      ),
    );
    const createdSeconds = (Date.now() - started) / 1000;
    const finished = await ledger.allFinished(TIMEOUT_MS);
    const seconds = (Date.now() - started) / 1000;
    await delay(SETTLE_MS);
    const counts = ledger.ledger.counts();
    const problems = [...failures.slice(0, 10), ...ledger.ledger.problems()];
    if (!finished)
      problems.push(
        `${ledger.finishedStreams} of ${counts.streams} streams reached their final version within ${TIMEOUT_MS / 1000} s`,
      );
    if (ledger.streamsWithoutSnapshot > 0)
      problems.push(`${ledger.streamsWithoutSnapshot} subscribes were never answered`);
    const unexpectedMessages = unexpectedMessagesOf(opened.subscribers);
    if (unexpectedMessages > 0)
      problems.push(`${unexpectedMessages} messages were not for a subscribed check`);
    return {
      figures: {
        checks: size.checks,
        changes: changesOf(size),
        subscribers: opened.subscribers.length,
        createSeconds: Math.round(createdSeconds * 10) / 10,
        burstSeconds: Math.round(seconds * 10) / 10,
        changesPerSecond: Math.round(changesOf(size) / seconds),
        connectRetries: opened.retries.connects,
        requestRetries: opened.retries.requests,
        ...ledger.snapshotFigures(),
      },
      ledger: counts,
      problems,
    };
  } finally {
    await closeAll(opened.subscribers);
  }
}

export const streamBurstScenario: LoadScenario = {
  name: 'stream-burst',
  description:
    'thousands of changes at once (checks with no pause between steps) through the stream consumers: every subscriber gets every version after its snapshot, once, in order',
  run,
};

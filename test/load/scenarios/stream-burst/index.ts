import { RestClient } from '../../../e2e/support/rest-client';
import type { LoadScenario, ScenarioContext, ScenarioResult } from '../../scenario';
import { awaitFinals, closeAll, openSubscribers, perSecond, warmUp } from '../../websocket/fan-out';
import { SubscriptionLedger } from '../../websocket/subscription-ledger';
import { startBurst } from './burst';
import { BURST_SIZES, changesOf } from './sizes';

const TIMEOUT_MS = 300_000;

async function run({ target, size: sizeName, tenant, log }: ScenarioContext): Promise<ScenarioResult> {
  const size = BURST_SIZES[sizeName];
  const token = await target.tokenFor(tenant);
  const rest = new RestClient(target.restUrl, token);
  const opened = await openSubscribers(target.wsUrl, token, size.checks * size.subscribersPerCheck, log);
  try {
    await warmUp(opened.subscribers, opened.retries);
    const ledger = new SubscriptionLedger();
    log(
      `${size.checks} checks of ${size.steps} steps with no pause, ${opened.subscribers.length} subscribers`,
    );
    const started = Date.now();
    const failures = await startBurst(size, rest, tenant, opened.subscribers, ledger, opened.retries);
    const createSeconds = Math.round((Date.now() - started) / 100) / 10;
    const delivered = await awaitFinals(ledger, opened.subscribers, failures, started, TIMEOUT_MS);
    return {
      figures: {
        checks: size.checks,
        changes: changesOf(size),
        subscribers: opened.subscribers.length,
        createSeconds,
        burstSeconds: delivered.seconds,
        changesPerSecond: perSecond(changesOf(size), delivered.seconds),
        connectRetries: opened.retries.connects,
        requestRetries: opened.retries.requests,
        ...ledger.snapshotFigures(),
      },
      ledger: ledger.ledger.counts(),
      problems: delivered.problems,
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

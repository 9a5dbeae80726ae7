import { setTimeout as delay } from 'node:timers/promises';
import { RestClient } from '../../../e2e/support/rest-client';
import type { LoadScenario, ScenarioContext, ScenarioResult } from '../../scenario';
import { closeAll, openSubscribers, unexpectedMessagesOf, warmUp } from '../../websocket/fan-out';
import { SubscriptionLedger } from '../../websocket/subscription-ledger';
import { startGroups } from './groups';
import { updatesPerSubscriber, WEBSOCKET_SIZES } from './sizes';

/** Late duplicates (a retried batch) arrive within this after the last final version. */
const SETTLE_MS = 2_000;

function perSecond(count: number, seconds: number): number {
  return seconds > 0 ? Math.round(count / seconds) : 0;
}

async function run({ target, size: sizeName, tenant, log }: ScenarioContext): Promise<ScenarioResult> {
  const size = WEBSOCKET_SIZES[sizeName];
  const token = await target.tokenFor(tenant);
  const rest = new RestClient(target.restUrl, token);
  const opened = await openSubscribers(target.wsUrl, token, size.subscribers, log);
  log(`${opened.subscribers.length} connected in ${opened.seconds} s`);
  try {
    const warmUpSeconds = await warmUp(opened.subscribers, opened.retries);
    const started = Date.now();
    const subscriptions = new SubscriptionLedger();
    const subscribed = await startGroups(
      size,
      rest,
      tenant,
      opened.subscribers,
      subscriptions,
      opened.retries,
    );
    log(`subscribed in ${subscribed.subscribeSeconds} s; waiting for every final version`);
    const timeoutMs = size.steps * size.stepMs + 300_000;
    const finished = await subscriptions.allFinished(timeoutMs);
    const deliverSeconds = Math.round((Date.now() - started) / 100) / 10;
    await delay(SETTLE_MS);
    const ledger = subscriptions.ledger.counts();
    const problems = [...subscribed.failures.slice(0, 10), ...subscriptions.ledger.problems()];
    if (!finished) {
      problems.push(
        `${subscriptions.finishedStreams} of ${ledger.streams} streams reached their final version within ${timeoutMs / 1000} s`,
      );
    }
    if (subscriptions.streamsWithoutSnapshot > 0) {
      problems.push(`${subscriptions.streamsWithoutSnapshot} subscribes were never answered`);
    }
    const unexpectedMessages = unexpectedMessagesOf(opened.subscribers);
    if (unexpectedMessages > 0)
      problems.push(`${unexpectedMessages} messages were not for a subscribed check`);
    return {
      figures: {
        subscribers: size.subscribers,
        checks: subscribed.checks,
        updatesPerSubscriber: updatesPerSubscriber(size),
        stepMs: size.stepMs,
        connectSeconds: opened.seconds,
        connectsPerSecond: perSecond(size.subscribers, opened.seconds),
        subscribeSeconds: subscribed.subscribeSeconds,
        warmUpSeconds,
        connectRetries: opened.retries.connects,
        requestRetries: opened.retries.requests,
        deliverSeconds,
        pushesPerSecond: perSecond(ledger.received, deliverSeconds),
        ...subscriptions.snapshotFigures(),
      },
      ledger,
      problems,
    };
  } finally {
    await closeAll(opened.subscribers);
  }
}

export const websocketScenario: LoadScenario = {
  name: 'websocket',
  description:
    'raw WebSocket subscribers each follow checks to their end: every version once, in order, to every subscriber',
  run,
};

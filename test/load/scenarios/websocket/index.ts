import { RestClient } from '../../../e2e/support/rest-client';
import type { LoadScenario, ScenarioContext, ScenarioResult } from '../../scenario';
import { awaitFinals, closeAll, openSubscribers, perSecond, warmUp } from '../../websocket/fan-out';
import { SubscriptionLedger } from '../../websocket/subscription-ledger';
import { startGroups } from './groups';
import { updatesPerSubscriber, WEBSOCKET_SIZES } from './sizes';

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
    const delivered = await awaitFinals(
      subscriptions,
      opened.subscribers,
      subscribed.failures,
      started,
      timeoutMs,
    );
    const ledger = subscriptions.ledger.counts();
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
        deliverSeconds: delivered.seconds,
        pushesPerSecond: perSecond(ledger.received, delivered.seconds),
        ...subscriptions.snapshotFigures(),
      },
      ledger,
      problems: delivered.problems,
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

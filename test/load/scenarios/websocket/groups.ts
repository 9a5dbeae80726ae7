import type { RestClient } from '../../../e2e/support/rest-client';
import { createChecks } from '../../checks';
import { finalVersionOf } from '../../versions';
import { subscribeAll } from '../../websocket/fan-out';
import type { RawSubscriber, Retries } from '../../websocket/raw-subscriber';
import type { SubscriptionLedger } from '../../websocket/subscription-ledger';
import { groupMembers, type WebSocketSize } from './sizes';

export interface GroupsStarted {
  readonly checks: number;
  readonly subscribeSeconds: number;
  readonly failures: readonly string[];
}

/**
 * Group after group: creates the group's checks, then subscribes each member to all of them,
 * so the subscribes of one group only race its own checks' first step.
 */
export async function startGroups(
  size: WebSocketSize,
  rest: RestClient,
  label: string,
  subscribers: readonly RawSubscriber[],
  ledger: SubscriptionLedger,
  retries: Retries,
): Promise<GroupsStarted> {
  let checks = 0;
  let subscribeSeconds = 0;
  const failures: string[] = [];
  for (const [group, members] of groupMembers(size).entries()) {
    const plan = { count: size.checksPerGroup, steps: size.steps, stepMs: size.stepMs };
    const checkIds = (await createChecks(rest, plan, `${label}-g${group}`)).map((check) => check.id);
    for (const checkId of checkIds) ledger.check(checkId, finalVersionOf(size.steps));
    checks += checkIds.length;
    const subscribed = await subscribeAll(
      members.map((index) => ({ client: `ws-${index}`, subscriber: subscribers[index], checkIds })),
      ledger,
      retries,
    );
    subscribeSeconds += subscribed.seconds;
    failures.push(...subscribed.failures);
  }
  return { checks, subscribeSeconds: Math.round(subscribeSeconds * 10) / 10, failures };
}

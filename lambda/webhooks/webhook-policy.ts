import type { CheckCloudEvent, CheckEventType } from '../shared/cloud-event';

/**
 * The SNS message attributes of every webhook message, which subscription filter policies
 * match. `replayFor` marks a replay, meant for one subscription only.
 */
export interface WebhookAttributes {
  readonly type: CheckEventType;
  readonly checkId: string;
  readonly tenant: string;
  readonly replayFor?: string;
}

export function webhookAttributesOf(
  event: CheckCloudEvent,
  tenant: string,
  replayFor?: string,
): WebhookAttributes {
  const attributes = { type: event.type, checkId: event.subject, tenant };
  return replayFor === undefined ? attributes : { ...attributes, replayFor };
}

type ReplayRule =
  { readonly replayFor: readonly [{ readonly exists: false }] } | { readonly replayFor: readonly [string] };

/** An SNS filter policy with scope `MessageAttributes`. */
export interface WebhookFilterPolicy {
  readonly tenant: readonly [string];
  readonly type: readonly CheckEventType[];
  readonly checkId?: readonly [string];
  readonly $or: readonly [ReplayRule, ReplayRule];
}

export interface FilterPolicyInput {
  readonly tenant: string;
  readonly subscriptionId: string;
  readonly events: readonly CheckEventType[];
  readonly checkId?: string;
}

/**
 * The tenant is always pinned, so a subscription never receives another tenant's events
 * whatever else it asks for. Fresh events carry no `replayFor` and reach every matching
 * subscription; a replay names one subscription and reaches only that one.
 */
export function filterPolicyOf({
  tenant,
  subscriptionId,
  events,
  checkId,
}: FilterPolicyInput): WebhookFilterPolicy {
  const replay: WebhookFilterPolicy['$or'] = [
    { replayFor: [{ exists: false }] },
    { replayFor: [subscriptionId] },
  ];
  const base = { tenant: [tenant] as const, type: [...events] };
  return checkId === undefined ? { ...base, $or: replay } : { ...base, checkId: [checkId], $or: replay };
}

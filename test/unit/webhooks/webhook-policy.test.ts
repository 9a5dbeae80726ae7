import { filterPolicyOf, webhookAttributesOf } from '../../../lambda/webhooks/webhook-policy';
import { cloudEvent, SUBSCRIPTION_ID } from './support';
import { CHECK_ID, TENANT } from '../support/checks';

/** SNS counts a policy's value combinations as the product of its arrays' lengths; the limit is 150. */
function combinations(policy: object): number {
  return Object.entries(policy).reduce((product, [key, value]) => {
    if (key === '$or')
      return product * (value as object[]).reduce((sum, branch) => sum + combinations(branch), 0);
    return product * (value as unknown[]).length;
  }, 1);
}

describe('filterPolicyOf', () => {
  it('pins the tenant and the event types, and lets only fresh events or replays for this subscription in', () => {
    expect(
      filterPolicyOf({ tenant: TENANT, subscriptionId: SUBSCRIPTION_ID, events: ['check.done'] }),
    ).toEqual({
      tenant: [TENANT],
      type: ['check.done'],
      $or: [{ replayFor: [{ exists: false }] }, { replayFor: [SUBSCRIPTION_ID] }],
    });
  });

  it('pins the check when the subscription names one', () => {
    const policy = filterPolicyOf({
      tenant: TENANT,
      subscriptionId: SUBSCRIPTION_ID,
      events: ['check.progress', 'check.done'],
      checkId: CHECK_ID,
    });
    expect(policy).toEqual({
      tenant: [TENANT],
      type: ['check.progress', 'check.done'],
      checkId: [CHECK_ID],
      $or: [{ replayFor: [{ exists: false }] }, { replayFor: [SUBSCRIPTION_ID] }],
    });
  });

  it('stays within the SNS limits of 5 keys and 150 combinations at its largest', () => {
    const policy = filterPolicyOf({
      tenant: TENANT,
      subscriptionId: SUBSCRIPTION_ID,
      events: ['check.created', 'check.progress', 'check.done', 'check.failed'],
      checkId: CHECK_ID,
    });
    const keys = new Set([
      ...Object.keys(policy).filter((key) => key !== '$or'),
      ...policy.$or.flatMap(Object.keys),
    ]);
    expect(keys.size).toBeLessThanOrEqual(5);
    expect(combinations(policy)).toBeLessThanOrEqual(150);
  });

  it("does not share the caller's events array", () => {
    const events: ('check.done' | 'check.failed')[] = ['check.done'];
    const policy = filterPolicyOf({ tenant: TENANT, subscriptionId: SUBSCRIPTION_ID, events });
    events.push('check.failed');
    expect(policy.type).toEqual(['check.done']);
  });
});

describe('webhookAttributesOf', () => {
  it('gives the type, check and tenant that filter policies match', () => {
    expect(webhookAttributesOf(cloudEvent({ version: 2 }), TENANT)).toEqual({
      type: 'check.progress',
      checkId: CHECK_ID,
      tenant: TENANT,
    });
  });

  it('marks a replay with the one subscription it is for', () => {
    expect(webhookAttributesOf(cloudEvent(), TENANT, SUBSCRIPTION_ID)).toEqual({
      type: 'check.created',
      checkId: CHECK_ID,
      tenant: TENANT,
      replayFor: SUBSCRIPTION_ID,
    });
  });
});

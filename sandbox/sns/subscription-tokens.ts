import { elementText } from './fauxqs-xml';
import type { DeactivatedSubscription } from './http-subscriptions';
import type { LayerDeps } from './layer-deps';

/** Marks the sandbox's own Subscribe that restores a subscription: it sends no confirmation. */
export const RESTORE_HEADER = 'x-sandbox-restore';

/** The attributes a restored subscription gets back: those Subscribe accepts. */
const SETTABLE_ATTRIBUTES = [
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
];

/** Subscribes the endpoint again, as it was; its ARN is new, fauxqs having forgotten the old one. */
async function restore(deps: LayerDeps, subscription: DeactivatedSubscription): Promise<string | undefined> {
  const params: Record<string, string> = {
    Action: 'Subscribe',
    TopicArn: subscription.topicArn,
    Protocol: subscription.protocol,
    Endpoint: subscription.endpoint,
    ReturnSubscriptionArn: 'true',
  };
  SETTABLE_ATTRIBUTES.filter((name) => subscription.attributes[name] !== undefined).forEach((name, index) => {
    params[`Attributes.entry.${index + 1}.key`] = name;
    params[`Attributes.entry.${index + 1}.value`] = subscription.attributes[name]!;
  });
  const answer = await deps.api.sns(params, { [RESTORE_HEADER]: 'true' });
  return answer.status === 200 ? elementText(answer.body, 'SubscriptionArn') : undefined;
}

/**
 * fauxqs takes the subscription ARN as the token; the sandbox hands out AWS-like tokens and
 * swaps them for the ARN here. An UnsubscribeConfirmation's token restores the subscription
 * first. Any other token is replaced by an empty one, which fauxqs refuses as AWS would.
 */
export async function resolveToken(deps: LayerDeps, params: Record<string, string>): Promise<void> {
  const token = params.Token ?? '';
  const known = deps.subscriptions.byToken(token);
  if (known !== undefined) {
    params.Token = known.arn;
    return;
  }
  const deactivated = deps.subscriptions.takeDeactivated(token, params.TopicArn ?? '');
  params.Token = (deactivated === undefined ? undefined : await restore(deps, deactivated)) ?? '';
}

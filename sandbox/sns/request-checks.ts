import { subscriptionAttributesProblem, topicAttributeProblem } from './attribute-checks';
import { isHttpProtocol } from './http-subscriptions';
import type { LayerDeps } from './layer-deps';
import { mapEntries, messageStructureProblem, publishedMessages, type QueryParams } from './query-request';

function endpointMatches(protocol: string, endpoint: string | undefined): boolean {
  try {
    return endpoint !== undefined && new URL(endpoint).protocol === `${protocol}:`;
  } catch {
    return false;
  }
}

/** What AWS would refuse in this call, checked before fauxqs, which accepts it. */
export async function problemOf(deps: LayerDeps, params: QueryParams): Promise<string | undefined> {
  switch (params.Action) {
    case 'Subscribe': {
      if (isHttpProtocol(params.Protocol) && !endpointMatches(params.Protocol, params.Endpoint)) {
        return `Invalid parameter: Endpoint must be an ${params.Protocol} URL`;
      }
      const attributes = mapEntries(params, 'Attributes');
      return subscriptionAttributesProblem(attributes, Object.keys(attributes));
    }
    case 'SetSubscriptionAttributes': {
      const name = params.AttributeName;
      if (name === undefined || params.SubscriptionArn === undefined) return undefined;
      const current = await deps.api.attributes('GetSubscriptionAttributes', params.SubscriptionArn);
      if (current === undefined) return undefined;
      return subscriptionAttributesProblem({ ...current, [name]: params.AttributeValue ?? '' }, [name]);
    }
    case 'CreateTopic':
      for (const [name, value] of Object.entries(mapEntries(params, 'Attributes'))) {
        const problem = topicAttributeProblem(name, value);
        if (problem !== undefined) return problem;
      }
      return undefined;
    case 'SetTopicAttributes':
      return topicAttributeProblem(params.AttributeName ?? '', params.AttributeValue ?? '');
    case 'Publish': {
      const [message] = publishedMessages(params);
      return message === undefined ? undefined : messageStructureProblem(message);
    }
    default:
      return undefined;
  }
}

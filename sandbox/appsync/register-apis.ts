import { deterministicId } from '../apigateway/ids';
import type { CfnTemplate } from '../platform/cloud-assembly';
import type { Resolver } from '../platform/resolver';
import type { RegisteredEventApi } from './model';
import { eventApiResources } from './template-resources';

/** AppSync's API ids are 26 lower-case letters and digits (`giy7kumfmvcqvbedntjwjvagii`). */
const API_ID_LENGTH = 26;

export function apiIdOf(apiLogicalId: string): string {
  return deterministicId(apiLogicalId, API_ID_LENGTH);
}

/** `da2-` and 26 characters, as AppSync makes API keys; stable, so a client may keep one. */
export function apiKeyOf(keyLogicalId: string): string {
  return `da2-${deterministicId(`api-key:${keyLogicalId}`, API_ID_LENGTH)}`;
}

export function apiArnOf(region: string, accountId: string, apiId: string): string {
  return `arn:aws:appsync:${region}:${accountId}:apis/${apiId}`;
}

/**
 * Gives every Event API of the template, its namespaces and API keys what `Ref` and
 * `Fn::GetAtt` answer on AWS (`Dns.Http` is `{apiId}.appsync-api.{region}.amazonaws.com`).
 * Runs before the functions' environments resolve: the orchestrator then points both host
 * names at the local server, so a publisher given `Dns.Http` reaches it.
 */
export function registerEventApis(
  stack: { readonly template: CfnTemplate },
  resolver: Resolver,
): RegisteredEventApi[] {
  const { region, accountId } = resolver.pseudoParameters;
  return eventApiResources(stack.template).map(({ api, namespaces, apiKeys }) => {
    const apiId = apiIdOf(api.logicalId);
    const apiArn = apiArnOf(region, accountId, apiId);
    const httpDomain = `${apiId}.appsync-api.${region}.amazonaws.com`;
    const realtimeDomain = `${apiId}.appsync-realtime-api.${region}.amazonaws.com`;
    resolver.register(api.logicalId, {
      ref: apiArn,
      attributes: { ApiArn: apiArn, ApiId: apiId, 'Dns.Http': httpDomain, 'Dns.Realtime': realtimeDomain },
    });
    for (const namespace of namespaces) {
      const arn = `${apiArn}/channelNamespace/${resolver.resolveString(namespace.properties.Name)}`;
      resolver.register(namespace.logicalId, { ref: arn, attributes: { ChannelNamespaceArn: arn } });
    }
    for (const key of apiKeys) {
      const value = apiKeyOf(key.logicalId);
      const arn = `${apiArn}/apikeys/${value}`;
      resolver.register(key.logicalId, {
        ref: arn,
        attributes: { ApiKey: value, ApiKeyId: value, Arn: arn },
      });
    }
    return { logicalId: api.logicalId, apiId, httpDomain, realtimeDomain };
  });
}

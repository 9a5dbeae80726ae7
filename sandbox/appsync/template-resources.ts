import { resourcesOfType, type CfnTemplate } from '../platform/cloud-assembly';

export interface TemplateResource {
  readonly logicalId: string;
  readonly properties: Record<string, unknown>;
}

/** The `AWS::AppSync::*` resources of one Event API, grouped under it. */
export interface EventApiResources {
  readonly api: TemplateResource;
  readonly namespaces: readonly TemplateResource[];
  readonly apiKeys: readonly TemplateResource[];
}

/** The logical id an `ApiId` property names: `Fn::GetAtt [Api, ApiId]` (as the CDK writes it) or `Ref`. */
function apiTarget(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { Ref: ref, 'Fn::GetAtt': getAtt } = value as Record<string, unknown>;
  if (typeof ref === 'string') return ref;
  if (Array.isArray(getAtt) && getAtt[1] === 'ApiId' && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

/** Every Event API of the template (an `AWS::AppSync::Api` with an `EventConfig`) with its children. */
export function eventApiResources(template: CfnTemplate): EventApiResources[] {
  const childrenOf = (type: string, apiLogicalId: string) =>
    resourcesOfType(template, `AWS::AppSync::${type}`).filter(
      ({ properties }) => apiTarget(properties.ApiId) === apiLogicalId,
    );
  return resourcesOfType(template, 'AWS::AppSync::Api')
    .filter(({ properties }) => properties.EventConfig !== undefined)
    .map((api) => ({
      api,
      namespaces: childrenOf('ChannelNamespace', api.logicalId),
      apiKeys: childrenOf('ApiKey', api.logicalId),
    }));
}

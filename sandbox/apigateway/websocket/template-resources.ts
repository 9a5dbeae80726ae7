import { resourcesOfType, type CfnTemplate } from '../../platform/cloud-assembly';
import type { Resolver } from '../../platform/resolver';

export interface TemplateResource {
  readonly logicalId: string;
  readonly properties: Record<string, unknown>;
}

/** The `AWS::ApiGatewayV2::*` resources of one WebSocket API, grouped under it. */
export interface WebSocketApiResources {
  readonly api: TemplateResource;
  readonly stages: readonly TemplateResource[];
  readonly routes: readonly TemplateResource[];
  readonly integrations: readonly TemplateResource[];
  readonly authorizers: readonly TemplateResource[];
  readonly routeResponses: readonly TemplateResource[];
  readonly deployments: readonly TemplateResource[];
}

function refTarget(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const ref = (value as Record<string, unknown>).Ref;
  return typeof ref === 'string' ? ref : undefined;
}

/**
 * Every WebSocket API of the template with its children. A child belongs to an API when its
 * `ApiId` is a `Ref` to it; HTTP APIs (`ProtocolType: HTTP`) and their children are left out.
 */
export function webSocketApiResources(template: CfnTemplate): WebSocketApiResources[] {
  const childrenOf = (type: string, apiLogicalId: string) =>
    resourcesOfType(template, `AWS::ApiGatewayV2::${type}`).filter(
      ({ properties }) => refTarget(properties.ApiId) === apiLogicalId,
    );
  return resourcesOfType(template, 'AWS::ApiGatewayV2::Api')
    .filter(({ properties }) => properties.ProtocolType === 'WEBSOCKET')
    .map((api) => ({
      api,
      stages: childrenOf('Stage', api.logicalId),
      routes: childrenOf('Route', api.logicalId),
      integrations: childrenOf('Integration', api.logicalId),
      authorizers: childrenOf('Authorizer', api.logicalId),
      routeResponses: childrenOf('RouteResponse', api.logicalId),
      deployments: childrenOf('Deployment', api.logicalId),
    }));
}

/** A property that may be absent, resolved to a string when present. */
export function optionalString(resolver: Resolver, value: unknown): string | undefined {
  return value === undefined ? undefined : resolver.resolveString(value);
}

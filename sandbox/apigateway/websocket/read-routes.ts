import type { Resolver } from '../../platform/resolver';
import type { WebSocketRouteModel } from './model';
import { readAuthorizer } from './read-authorizers';
import { readIntegration } from './read-integrations';
import { optionalString, type TemplateResource, type WebSocketApiResources } from './template-resources';

function byRef(resolver: Resolver, resources: readonly TemplateResource[]): Map<string, TemplateResource> {
  return new Map(
    resources.map((resource) => [resolver.resolveString({ Ref: resource.logicalId }), resource]),
  );
}

function authorizationTypeOf(
  value: string | undefined,
  logicalId: string,
): WebSocketRouteModel['authorizationType'] {
  const type = value ?? 'NONE';
  if (type === 'NONE' || type === 'CUSTOM' || type === 'AWS_IAM') return type;
  throw new Error(`Route ${logicalId}: a WebSocket route's AuthorizationType cannot be ${type}`);
}

/**
 * The API's routes: each with the function its integration invokes, its authorizer, and
 * whether a route response sends the integration's answer back.
 */
export function readRoutes(resolver: Resolver, resources: WebSocketApiResources): WebSocketRouteModel[] {
  const { api } = resources;
  const integrations = byRef(resolver, resources.integrations);
  const authorizers = byRef(resolver, resources.authorizers);
  const routesWithResponse = new Set(
    resources.routeResponses.map((response) => resolver.resolveString(response.properties.RouteId)),
  );
  return resources.routes.map((route): WebSocketRouteModel => {
    const { properties, logicalId } = route;
    const routeId = resolver.resolveString({ Ref: logicalId });
    const target = optionalString(resolver, properties.Target);
    const integration =
      target === undefined ? undefined : integrations.get(target.replace(/^integrations\//, ''));
    if (integration === undefined) {
      throw new Error(
        `Route ${logicalId}: its target "${target ?? ''}" is no integration of API ${api.logicalId}`,
      );
    }
    const authorizerId = optionalString(resolver, properties.AuthorizerId);
    const authorizer = authorizerId === undefined ? undefined : authorizers.get(authorizerId);
    if (authorizerId !== undefined && authorizer === undefined) {
      throw new Error(
        `Route ${logicalId}: authorizer "${authorizerId}" is no authorizer of API ${api.logicalId}`,
      );
    }
    const selection = optionalString(resolver, properties.RouteResponseSelectionExpression);
    return {
      routeId,
      routeKey: resolver.resolveString(properties.RouteKey),
      ...readIntegration(resolver, integration),
      authorizationType: authorizationTypeOf(
        optionalString(resolver, properties.AuthorizationType),
        logicalId,
      ),
      ...(authorizer === undefined ? {} : { authorizer: readAuthorizer(resolver, authorizer) }),
      returnsResponse: routesWithResponse.has(routeId),
      ...(selection === undefined ? {} : { routeResponseSelectionExpression: selection }),
    };
  });
}

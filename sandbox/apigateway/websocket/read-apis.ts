import type { CfnTemplate } from '../../platform/cloud-assembly';
import type { Resolver } from '../../platform/resolver';
import { executeApiDomainOf } from '../ids';
import type { WebSocketApiModel } from './model';
import { readRoutes } from './read-routes';
import { webSocketApiResources } from './template-resources';

function stringMap(resolver: Resolver, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  const resolved = resolver.resolve(value);
  if (typeof resolved !== 'object' || resolved === null || Array.isArray(resolved)) return {};
  return Object.fromEntries(Object.entries(resolved).map(([key, item]) => [key, String(item)]));
}

/**
 * Reads every deployed stage of every WebSocket API in the template as a plain model: its
 * routes with the function each invokes, the `$connect` authorizer, and which routes send the
 * integration's response back. Call `registerWebSocketApis` first, and register the functions:
 * `Ref`s to the API's children and the functions' `Arn`s are resolved through the resolver.
 */
export function readWebSocketApis(
  stack: { readonly template: CfnTemplate },
  resolver: Resolver,
): WebSocketApiModel[] {
  const { region, accountId } = resolver.pseudoParameters;
  return webSocketApiResources(stack.template).flatMap((resources) => {
    const { api } = resources;
    const apiId = resolver.resolveString({ Ref: api.logicalId });
    const routes = readRoutes(resolver, resources);
    // An API without a stage is not deployed: nothing can connect to it.
    return resources.stages.map((stage) => ({
      logicalId: api.logicalId,
      apiId,
      region,
      accountId,
      domainName: executeApiDomainOf(apiId, region),
      stageName: resolver.resolveString(stage.properties.StageName),
      stageVariables: stringMap(resolver, stage.properties.StageVariables),
      routeSelectionExpression: resolver.resolveString(api.properties.RouteSelectionExpression),
      routes,
    }));
  });
}

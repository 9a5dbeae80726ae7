import type { CfnTemplate } from '../../platform/cloud-assembly';
import type { Resolver } from '../../platform/resolver';
import { deterministicId, executeApiBaseUrl, executeApiDomainOf, type RegisteredApi } from '../ids';
import { webSocketApiResources } from './template-resources';

/** API Gateway's API ids are 10 characters; route, integration and authorizer ids 7 or fewer. */
const API_ID_LENGTH = 10;
const CHILD_ID_LENGTH = 7;

export function apiIdOf(apiLogicalId: string): string {
  return deterministicId(apiLogicalId, API_ID_LENGTH);
}

/**
 * Gives every WebSocket API of the template, and its stages, routes, integrations, authorizers,
 * route responses and deployments, what `Ref` and `Fn::GetAtt` answer on AWS. Runs before
 * functions' environments resolve, since they may name the API's callback URL: the
 * orchestrator points each `executeApiUrl` at the local server, so a callback URL built from
 * `Ref(Api)`, `AWS::Region` and `AWS::URLSuffix` reaches `@connections`.
 */
export function registerWebSocketApis(
  stack: { readonly template: CfnTemplate },
  resolver: Resolver,
): RegisteredApi[] {
  const { region } = resolver.pseudoParameters;
  return webSocketApiResources(stack.template).map((resources) => {
    const { logicalId } = resources.api;
    const apiId = apiIdOf(logicalId);
    resolver.register(logicalId, {
      ref: apiId,
      attributes: { ApiId: apiId, ApiEndpoint: `wss://${executeApiDomainOf(apiId, region)}` },
    });
    for (const stage of resources.stages) {
      // A stage's Ref is its name.
      resolver.register(stage.logicalId, { ref: resolver.resolveString(stage.properties.StageName) });
    }
    for (const child of [
      ...resources.routes,
      ...resources.integrations,
      ...resources.authorizers,
      ...resources.routeResponses,
      ...resources.deployments,
    ]) {
      resolver.register(child.logicalId, { ref: deterministicId(child.logicalId, CHILD_ID_LENGTH) });
    }
    return { logicalId, apiId, executeApiUrl: executeApiBaseUrl(apiId, region) };
  });
}

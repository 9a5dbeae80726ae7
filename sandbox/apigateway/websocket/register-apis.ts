import type { CfnTemplate } from '../../assembly/cloud-assembly';
import type { Resolver } from '../../assembly/resolver';
import { deterministicId } from '../ids';
import { webSocketApiResources } from './template-resources';

/** API Gateway's API ids are 10 characters; route, integration and authorizer ids 7 or fewer. */
const API_ID_LENGTH = 10;
const CHILD_ID_LENGTH = 7;

export function apiIdOf(apiLogicalId: string): string {
  return deterministicId(apiLogicalId, API_ID_LENGTH);
}

export function executeApiDomainOf(apiId: string, region: string): string {
  return `${apiId}.execute-api.${region}.amazonaws.com`;
}

/**
 * What every execute-api URL of the API starts with (`https://{apiId}.execute-api.{region}.amazonaws.com/`).
 * The orchestrator points it at the local server with
 * `resolver.rewritePrefix(callbackUrlPrefix(apiId, region), 'http://127.0.0.1:{port}/')`, so a
 * callback URL built from `Ref(Api)`, `AWS::Region` and `AWS::URLSuffix` reaches `@connections`.
 */
export function callbackUrlPrefix(apiId: string, region: string): string {
  return `https://${executeApiDomainOf(apiId, region)}/`;
}

/**
 * Registers what `Ref` and `Fn::GetAtt` answer for every WebSocket API of the template and its
 * stages, routes, integrations, authorizers, route responses and deployments.
 */
export function registerWebSocketApis(stack: { readonly template: CfnTemplate }, resolver: Resolver): void {
  const { region } = resolver.pseudoParameters;
  for (const resources of webSocketApiResources(stack.template)) {
    const apiId = apiIdOf(resources.api.logicalId);
    resolver.register(resources.api.logicalId, {
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
  }
}

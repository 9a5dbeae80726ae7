import { resourcesOfType, type SynthesizedStack } from '../../platform/cloud-assembly';
import type { Resolver } from '../../platform/resolver';
import { deterministicId, executeApiBaseUrl, type RegisteredApi } from '../ids';

/** Types whose `Ref` is an opaque id of API Gateway's shape (6 characters, as API Gateway makes them). */
const ID_REFERENCED_TYPES = [
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::GatewayResponse',
  'AWS::ApiGateway::RequestValidator',
  'AWS::ApiGateway::Account',
];

/**
 * Gives every REST API resource of the stack what `Ref` and `Fn::GetAtt` answer on AWS: the
 * API's id and `RootResourceId`, resource, deployment and authorizer ids, and the stage's name.
 * Runs before functions' environments resolve, since they may name the API's URL.
 */
export function registerRestApis(stack: SynthesizedStack, resolver: Resolver): RegisteredApi[] {
  const seed = (logicalId: string): string => `${stack.stackName}/${logicalId}`;
  for (const type of ID_REFERENCED_TYPES) {
    for (const { logicalId } of resourcesOfType(stack.template, type)) {
      resolver.register(logicalId, { ref: deterministicId(seed(logicalId), 6) });
    }
  }
  for (const { logicalId, properties } of resourcesOfType(stack.template, 'AWS::ApiGateway::Stage')) {
    resolver.register(logicalId, { ref: resolver.resolveString(properties.StageName) });
  }
  return resourcesOfType(stack.template, 'AWS::ApiGateway::RestApi').map(({ logicalId }) => {
    const apiId = deterministicId(seed(logicalId), 10);
    resolver.register(logicalId, {
      ref: apiId,
      attributes: { RestApiId: apiId, RootResourceId: deterministicId(`${seed(logicalId)}/`, 10) },
    });
    return { logicalId, apiId, executeApiUrl: executeApiBaseUrl(apiId, resolver.pseudoParameters.region) };
  });
}

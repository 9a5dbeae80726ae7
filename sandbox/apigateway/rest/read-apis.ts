import { resourcesOfType, type SynthesizedStack } from '../../platform/cloud-assembly';
import type { Resolver } from '../../platform/resolver';
import type { RestApiModel } from './model';
import { readAuthorizers } from './read-authorizers';
import { ReadContext, type Found } from './read-context';
import { readGatewayResponses } from './read-gateway-responses';
import { readResources } from './read-resources';
import { readStages } from './read-stages';

/** REST API v1 types the sandbox reads, or knowingly leaves aside (account-wide logging role). */
const READ_TYPES = [
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::GatewayResponse',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Account',
];

function readApi(
  context: ReadContext,
  { logicalId, properties }: Found,
  sharedWarnings: readonly string[],
): RestApiModel {
  for (const key of ['Body', 'BodyS3Location', 'CloneFrom']) {
    if (properties[key] !== undefined) {
      throw new Error(
        `REST API ${logicalId} is defined by ${key}: the sandbox reads routes from template resources only`,
      );
    }
  }
  context.warnUnknown(logicalId, properties, [
    'Name',
    'Description',
    'EndpointConfiguration',
    'BinaryMediaTypes',
    'Tags',
  ]);
  const { resolver } = context;
  const authorizers = readAuthorizers(context);
  const stages = readStages(context);
  if (stages.length === 0) context.warnings.push(`REST API ${logicalId} has no stage: nothing serves it`);
  const resources = readResources(context, logicalId, authorizers);
  const gatewayResponses = readGatewayResponses(context);
  return {
    logicalId,
    id: context.apiId,
    name: properties.Name === undefined ? logicalId : resolver.resolveString(properties.Name),
    region: resolver.pseudoParameters.region,
    accountId: resolver.pseudoParameters.accountId,
    stages,
    resources,
    authorizers,
    gatewayResponses,
    binaryMediaTypes: context.stringList(properties.BinaryMediaTypes).map((type) => type.replace(/~1/g, '/')),
    warnings: [...context.warnings, ...sharedWarnings],
  };
}

/**
 * The stack's REST APIs as plain models. What would change who may call what, or what answers,
 * and cannot be emulated fails here, naming the resource; operational settings the sandbox
 * does not enforce (throttling, logs, API keys, …) become the model's warnings. Call
 * `registerRestApis` first, and register the functions: ids and ARNs resolve through the resolver.
 */
export function readRestApis(stack: SynthesizedStack, resolver: Resolver): RestApiModel[] {
  const others = Object.entries(stack.template.Resources)
    .filter(
      ([, resource]) => resource.Type.startsWith('AWS::ApiGateway::') && !READ_TYPES.includes(resource.Type),
    )
    .map(([logicalId, resource]) => `${logicalId}: ${resource.Type} is not emulated`);
  return resourcesOfType(stack.template, 'AWS::ApiGateway::RestApi').map((api) =>
    readApi(new ReadContext(stack, resolver, resolver.resolveString({ Ref: api.logicalId })), api, others),
  );
}

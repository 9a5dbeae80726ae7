import type { Resolver } from '../../platform/resolver';
import type { WebSocketAuthorizerModel } from './model';
import { functionArnOfUri } from './read-integrations';
import { optionalString, type TemplateResource } from './template-resources';

/** A route's Lambda REQUEST authorizer; any other type fails, naming it. */
export function readAuthorizer(resolver: Resolver, authorizer: TemplateResource): WebSocketAuthorizerModel {
  const { properties, logicalId } = authorizer;
  if (properties.AuthorizerType !== 'REQUEST') {
    throw new Error(
      `Authorizer ${logicalId}: a WebSocket API authorizer is REQUEST, not ${String(properties.AuthorizerType)}`,
    );
  }
  const identitySources = resolver.resolve(properties.IdentitySource ?? []);
  return {
    authorizerId: resolver.resolveString({ Ref: logicalId }),
    name: optionalString(resolver, properties.Name) ?? logicalId,
    type: 'REQUEST',
    identitySources: Array.isArray(identitySources) ? identitySources.map(String) : [],
    functionArn: functionArnOfUri(
      resolver.resolveString(properties.AuthorizerUri),
      `Authorizer ${logicalId}`,
    ),
  };
}

import { parseLambdaUri } from './integration-uri';
import type { AuthorizerModel } from './model';
import type { ReadContext } from './read-context';
import { parseIdentitySources } from './request-values';

/** CloudFormation's default `AuthorizerResultTtlInSeconds`. */
const DEFAULT_AUTHORIZER_TTL_SECONDS = 300;

/** The API's Lambda TOKEN and REQUEST authorizers, by id; any other kind fails, naming it. */
export function readAuthorizers(context: ReadContext): Record<string, AuthorizerModel> {
  const { resolver } = context;
  const authorizers: Record<string, AuthorizerModel> = {};
  for (const { logicalId, properties } of context.ofApi('AWS::ApiGateway::Authorizer')) {
    context.warnUnknown(logicalId, properties, [
      'Name',
      'RestApiId',
      'Type',
      'AuthorizerUri',
      'AuthorizerCredentials',
      'IdentitySource',
      'IdentityValidationExpression',
      'AuthorizerResultTtlInSeconds',
    ]);
    const type = String(properties.Type);
    if (type !== 'TOKEN' && type !== 'REQUEST') {
      throw new Error(
        `Authorizer ${logicalId}: type ${type} is not emulated (only Lambda TOKEN and REQUEST)`,
      );
    }
    const uri = resolver.resolveString(properties.AuthorizerUri);
    const lambda = parseLambdaUri(uri);
    if (lambda === undefined)
      throw new Error(`Authorizer ${logicalId}: "${uri}" does not invoke a Lambda function`);
    const identitySources = parseIdentitySources(
      properties.IdentitySource === undefined ? '' : resolver.resolveString(properties.IdentitySource),
    );
    if (type === 'TOKEN' && (identitySources.length !== 1 || identitySources[0].from !== 'header')) {
      throw new Error(`Authorizer ${logicalId}: a TOKEN authorizer needs one method.request.header.* source`);
    }
    const validationExpression =
      properties.IdentityValidationExpression === undefined
        ? undefined
        : resolver.resolveString(properties.IdentityValidationExpression);
    if (validationExpression !== undefined) new RegExp(validationExpression);
    const ttl = properties.AuthorizerResultTtlInSeconds;
    const id = resolver.resolveString({ Ref: logicalId });
    authorizers[id] = {
      id,
      name: properties.Name === undefined ? logicalId : resolver.resolveString(properties.Name),
      type,
      functionArn: lambda.functionArn,
      identitySources,
      validationExpression,
      ttlSeconds: ttl === undefined ? DEFAULT_AUTHORIZER_TTL_SECONDS : Number(resolver.resolve(ttl)),
    };
  }
  return authorizers;
}

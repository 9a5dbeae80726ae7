import type { Resolver } from '../../platform/resolver';
import type { WebSocketRouteModel } from './model';
import type { TemplateResource } from './template-resources';

/** API Gateway's default and maximum integration timeout for WebSocket APIs. */
const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

/** `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations` */
const LAMBDA_INVOCATION_URI = /^arn:[^:]+:apigateway:[^:]*:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/;

/** The function a Lambda integration or authorizer URI invokes. */
export function functionArnOfUri(uri: string, owner: string): string {
  const match = LAMBDA_INVOCATION_URI.exec(uri);
  if (match !== null) return match[1];
  if (uri.startsWith('arn:') && uri.includes(':lambda:')) return uri;
  throw new Error(
    `${owner}: "${uri}" is not a Lambda function URI; the sandbox runs only Lambda integrations`,
  );
}

/** A route's integration: the function it invokes and how long API Gateway waits for it. */
export function readIntegration(
  resolver: Resolver,
  integration: TemplateResource,
): Pick<WebSocketRouteModel, 'functionArn' | 'integrationTimeoutMs'> {
  const { properties, logicalId } = integration;
  if (properties.IntegrationType !== 'AWS_PROXY') {
    throw new Error(
      `Integration ${logicalId}: the sandbox runs only AWS_PROXY (Lambda) integrations, not ${String(properties.IntegrationType)}`,
    );
  }
  const timeout =
    properties.TimeoutInMillis === undefined
      ? undefined
      : Number(resolver.resolve(properties.TimeoutInMillis));
  return {
    functionArn: functionArnOfUri(
      resolver.resolveString(properties.IntegrationUri),
      `Integration ${logicalId}`,
    ),
    integrationTimeoutMs: timeout ?? DEFAULT_INTEGRATION_TIMEOUT_MS,
  };
}

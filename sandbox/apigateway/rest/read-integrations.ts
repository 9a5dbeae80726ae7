import { parseLambdaUri } from './integration-uri';
import type { Integration } from './model';
import { recordOf, unknownProperties, type Properties, type ReadContext } from './read-context';

/** API Gateway's default integration timeout for REST APIs. */
const DEFAULT_TIMEOUT_MS = 29_000;

function warnUnknownIntegration(
  context: ReadContext,
  name: string,
  integration: Properties,
  known: readonly string[],
): void {
  for (const key of unknownProperties(integration, known)) {
    context.warnings.push(`${name}: integration ${key} is not emulated`);
  }
}

function readProxyIntegration(context: ReadContext, name: string, integration: Properties): Integration {
  warnUnknownIntegration(context, name, integration, [
    'Type',
    'Uri',
    'IntegrationHttpMethod',
    'ResponseTransferMode',
    'TimeoutInMillis',
    'Credentials',
    'PassthroughBehavior',
  ]);
  const uri = context.resolver.resolveString(integration.Uri);
  const lambda = parseLambdaUri(uri);
  if (lambda === undefined)
    throw new Error(`${name}: AWS_PROXY integration "${uri}" does not invoke a Lambda function`);
  if (integration.IntegrationHttpMethod !== 'POST') {
    throw new Error(`${name}: a Lambda proxy integration must use IntegrationHttpMethod POST`);
  }
  const transferMode = integration.ResponseTransferMode === 'STREAM' ? 'STREAM' : 'BUFFERED';
  if (lambda.streaming !== (transferMode === 'STREAM')) {
    context.warnings.push(
      `${name}: ResponseTransferMode ${transferMode} with URI ${uri}; the sandbox follows the mode`,
    );
  }
  const timeout = integration.TimeoutInMillis;
  return {
    type: 'AWS_PROXY',
    functionArn: lambda.functionArn,
    transferMode,
    timeoutMs: timeout === undefined ? DEFAULT_TIMEOUT_MS : Number(context.resolver.resolve(timeout)),
  };
}

function readMockIntegration(context: ReadContext, name: string, integration: Properties): Integration {
  warnUnknownIntegration(context, name, integration, [
    'Type',
    'IntegrationResponses',
    'RequestTemplates',
    'PassthroughBehavior',
  ]);
  const responses = Array.isArray(integration.IntegrationResponses)
    ? integration.IntegrationResponses.map(recordOf)
    : [];
  const chosen = responses.find((response) => !response.SelectionPattern) ?? responses[0];
  if (chosen === undefined) throw new Error(`${name}: MOCK integration has no integration response`);
  if (responses.length > 1) {
    context.warnings.push(`${name}: MOCK answers with its default integration response only`);
  }
  if (Object.keys(recordOf(chosen.ResponseTemplates)).length > 0) {
    context.warnings.push(`${name}: MOCK response templates are not rendered`);
  }
  return {
    type: 'MOCK',
    statusCode: Number(context.resolver.resolveString(chosen.StatusCode)),
    headers: context.responseHeaders(name, chosen.ResponseParameters, 'method.response.header.'),
  };
}

/** A method's integration: Lambda proxy or MOCK; any other type fails, naming the method. */
export function readIntegration(context: ReadContext, name: string, integration: Properties): Integration {
  const type = String(integration.Type);
  if (type === 'AWS_PROXY') return readProxyIntegration(context, name, integration);
  if (type === 'MOCK') return readMockIntegration(context, name, integration);
  throw new Error(`${name}: integration type ${type} is not emulated (only AWS_PROXY to Lambda, and MOCK)`);
}

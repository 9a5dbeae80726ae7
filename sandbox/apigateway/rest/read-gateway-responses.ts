import type { GatewayResponseModel } from './model';
import type { ReadContext } from './read-context';

/** The API's gateway responses, by response type (`DEFAULT_4XX`, `UNAUTHORIZED`, …). */
export function readGatewayResponses(context: ReadContext): Record<string, GatewayResponseModel> {
  const { resolver } = context;
  const responses: Record<string, GatewayResponseModel> = {};
  for (const { logicalId, properties } of context.ofApi('AWS::ApiGateway::GatewayResponse')) {
    context.warnUnknown(logicalId, properties, [
      'RestApiId',
      'ResponseType',
      'StatusCode',
      'ResponseParameters',
      'ResponseTemplates',
    ]);
    const type = resolver.resolveString(properties.ResponseType);
    responses[type] = {
      type,
      statusCode:
        properties.StatusCode === undefined
          ? undefined
          : Number(resolver.resolveString(properties.StatusCode)),
      headers: context.responseHeaders(logicalId, properties.ResponseParameters, 'gatewayresponse.header.'),
      templates: context.stringMap(properties.ResponseTemplates),
    };
  }
  return responses;
}

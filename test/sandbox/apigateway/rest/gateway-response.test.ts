import {
  accessDenied,
  authorizerConfigurationError,
  integrationTimeout,
  missingAuthenticationToken,
  requestTooLarge,
  unauthorized,
} from '../../../../sandbox/apigateway/gateway-errors';
import { renderGatewayResponse } from '../../../../sandbox/apigateway/rest/gateway-response';
import type { RequestValues } from '../../../../sandbox/apigateway/rest/request-values';
import type { GatewayResponseModel } from '../../../../sandbox/apigateway/rest/model';

const contractTemplate =
  '{"error":{"code":"$context.error.responseType","message":$context.error.messageString}}';
const contract = (type: string): GatewayResponseModel => ({
  type,
  statusCode: undefined,
  headers: { 'Access-Control-Allow-Origin': "'*'" },
  templates: { 'application/json': contractTemplate },
});

const values: RequestValues = {
  headers: { Origin: 'https://app.example', host: 'h' },
  query: null,
  path: null,
  stageVariables: { color: 'blue' },
  context: { requestId: 'req-1', 'identity.sourceIp': '127.0.0.1' },
};

describe('gateway responses', () => {
  const responses = { DEFAULT_4XX: contract('DEFAULT_4XX'), DEFAULT_5XX: contract('DEFAULT_5XX') };

  it("shape a 401 through DEFAULT_4XX: the contract body, the type's status, the CORS header", () => {
    expect(renderGatewayResponse(unauthorized(), responses, values)).toEqual({
      statusCode: 401,
      headers: {
        'Content-Type': 'application/json',
        'Access-Control-Allow-Origin': '*',
        'x-amzn-ErrorType': 'UnauthorizedException',
      },
      body: '{"error":{"code":"UNAUTHORIZED","message":"Unauthorized"}}',
    });
  });

  it("leave a 413 as AWS's own answer, which an API cannot customize", () => {
    const specific = { ...responses, REQUEST_TOO_LARGE: contract('REQUEST_TOO_LARGE') };
    expect(renderGatewayResponse(requestTooLarge(), specific, values)).toEqual({
      statusCode: 413,
      headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'RequestTooLargeException' },
      body: '{"message":"Request Too Long"}',
    });
  });

  it('shape 5xx errors through DEFAULT_5XX, a null message included', () => {
    expect(renderGatewayResponse(integrationTimeout(), responses, values)).toMatchObject({
      statusCode: 504,
      body: '{"error":{"code":"INTEGRATION_TIMEOUT","message":"Endpoint request timed out"}}',
    });
    expect(renderGatewayResponse(authorizerConfigurationError(), responses, values)).toMatchObject({
      statusCode: 500,
      body: '{"error":{"code":"AUTHORIZER_CONFIGURATION_ERROR","message":null}}',
    });
  });

  it('prefer a response for the specific type, and let a DEFAULT status code replace its whole class', () => {
    const specific = {
      ...responses,
      MISSING_AUTHENTICATION_TOKEN: {
        type: 'MISSING_AUTHENTICATION_TOKEN',
        statusCode: 404,
        headers: { 'X-Origin': 'method.request.header.Origin', 'X-Color': 'stageVariables.color' },
        templates: { 'text/plain': 'no route ($context.requestId$!context.nothing)' },
      },
    };
    expect(renderGatewayResponse(missingAuthenticationToken(), specific, values)).toEqual({
      statusCode: 404,
      headers: {
        'Content-Type': 'text/plain',
        'X-Origin': 'https://app.example',
        'X-Color': 'blue',
        'x-amzn-ErrorType': 'MissingAuthenticationTokenException',
      },
      body: 'no route (req-1)',
    });
    const all400 = { DEFAULT_4XX: { ...contract('DEFAULT_4XX'), statusCode: 400 } };
    expect(renderGatewayResponse(accessDenied(true), all400, values).statusCode).toBe(400);
  });

  it("fall back to AWS's own bodies when the API customizes nothing", () => {
    expect(renderGatewayResponse(missingAuthenticationToken(), {}, values)).toEqual({
      statusCode: 403,
      headers: {
        'Content-Type': 'application/json',
        'x-amzn-ErrorType': 'MissingAuthenticationTokenException',
      },
      body: '{"message":"Missing Authentication Token"}',
    });
    expect(renderGatewayResponse(accessDenied(true), {}, values).body).toBe(
      '{"Message":"User is not authorized to access this resource with an explicit deny"}',
    );
    expect(renderGatewayResponse(authorizerConfigurationError(), {}, values).body).toBe('{"message":null}');
  });

  it('render formal references and leave out headers the request lacks', () => {
    const custom = {
      DEFAULT_4XX: {
        type: 'DEFAULT_4XX',
        statusCode: undefined,
        headers: { 'X-Missing': 'method.request.header.X-Nope' },
        templates: {
          'application/json': '{"ip":"${context.identity.sourceIp}","type":"$context.error.responseType"}',
        },
      },
    };
    const rendered = renderGatewayResponse(unauthorized(), custom, values);
    expect(rendered.body).toBe('{"ip":"127.0.0.1","type":"UNAUTHORIZED"}');
    expect(rendered.headers).not.toHaveProperty('X-Missing');
  });
});

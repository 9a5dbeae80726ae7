import type { CfnTemplate, SynthesizedStack } from '../../../../sandbox/platform/cloud-assembly';
import { Resolver } from '../../../../sandbox/platform/resolver';
import { executeApiBaseUrl } from '../../../../sandbox/apigateway/ids';
import { readRestApis } from '../../../../sandbox/apigateway/rest/read-apis';
import { registerRestApis } from '../../../../sandbox/apigateway/rest/register-apis';
import { functionArnOf, templateApi } from './support/template-api';

function methodsOf(api: ReturnType<typeof templateApi>['api']): string[] {
  return api.resources.flatMap((resource) =>
    Object.values(resource.methods).map((method) => {
      const target =
        method.integration.type === 'MOCK' ? 'MOCK' : method.integration.functionArn.split(':').pop();
      return `${method.httpMethod} ${resource.path} -> ${target}`;
    }),
  );
}

describe('reading REST APIs from the template', () => {
  const { api, registered, resolver } = templateApi();

  it('registers an API id, a root resource id and the execute-api URL', () => {
    expect(registered.apiId).toMatch(/^[a-z0-9]{10}$/);
    expect(resolver.getAtt(registered.logicalId, 'RootResourceId')).toMatch(/^[a-z0-9]{10}$/);
    expect(registered.executeApiUrl).toBe(executeApiBaseUrl(registered.apiId, 'us-east-1'));
    expect(registered.executeApiUrl).toBe(`https://${registered.apiId}.execute-api.us-east-1.amazonaws.com/`);
    expect(resolver.resolveString({ Ref: 'RestApiDeploymentStageprodB11ECE9F' })).toBe('prod');
  });

  it('reads every route with its function, and the CORS preflight of every routed resource', () => {
    expect(methodsOf(api).sort()).toEqual(
      [
        'OPTIONS /checks -> MOCK',
        'POST /checks -> ChecksApiCreateCheckE767E2A4',
        'OPTIONS /checks/{id} -> MOCK',
        'GET /checks/{id} -> ChecksApiGetCheck7656F2CD',
        'OPTIONS /checks/{id}/events -> MOCK',
        'GET /checks/{id}/events -> ChecksApiCheckEvents60EE41D5',
        'OPTIONS /subscriptions -> MOCK',
        'GET /subscriptions -> WebhooksSubscriptionsApi54A29D9A',
        'POST /subscriptions -> WebhooksSubscriptionsApi54A29D9A',
        'OPTIONS /subscriptions/{id} -> MOCK',
        'GET /subscriptions/{id} -> WebhooksSubscriptionsApi54A29D9A',
        'PUT /subscriptions/{id} -> WebhooksSubscriptionsApi54A29D9A',
        'DELETE /subscriptions/{id} -> WebhooksSubscriptionsApi54A29D9A',
        'OPTIONS /subscriptions/{id}/failures -> MOCK',
        'GET /subscriptions/{id}/failures -> WebhooksFailuresApi0173FFED',
        'OPTIONS /subscriptions/{id}/replay -> MOCK',
        'POST /subscriptions/{id}/replay -> WebhooksFailuresApi0173FFED',
        ...['CreateCheck', 'GetCheck', 'WatchCheck'].flatMap((method) => [
          `OPTIONS /rpc/checks.v1.CheckService/${method} -> MOCK`,
          `POST /rpc/checks.v1.CheckService/${method} -> ConnectRpcCheckService709159CD`,
        ]),
      ].sort(),
    );
  });

  it('reads the streamed route with its mode and timeout, and buffered ones with the 29 s default', () => {
    const events = api.resources.find((resource) => resource.path === '/checks/{id}/events');
    expect(events?.methods.GET.integration).toEqual({
      type: 'AWS_PROXY',
      functionArn: functionArnOf('ChecksApiCheckEvents60EE41D5'),
      transferMode: 'STREAM',
      timeoutMs: 900_000,
    });
    const check = api.resources.find((resource) => resource.path === '/checks/{id}');
    expect(check?.methods.GET.integration).toMatchObject({ transferMode: 'BUFFERED', timeoutMs: 29_000 });
  });

  it('reads both authorizers and the preflight headers', () => {
    expect(
      Object.values(api.authorizers).map(({ type, ttlSeconds, identitySources, validationExpression }) => ({
        type,
        ttlSeconds,
        identitySources,
        validationExpression,
      })),
    ).toEqual(
      expect.arrayContaining([
        {
          type: 'TOKEN',
          ttlSeconds: 300,
          identitySources: [{ from: 'header', name: 'Authorization' }],
          validationExpression: '^Bearer [-0-9A-Za-z._~+/]+=*$',
        },
        { type: 'REQUEST', ttlSeconds: 0, identitySources: [], validationExpression: undefined },
      ]),
    );
    const subscription = api.resources.find((resource) => resource.path === '/subscriptions/{id}');
    expect(subscription?.methods.OPTIONS.integration).toMatchObject({
      type: 'MOCK',
      statusCode: 204,
      headers: {
        'Access-Control-Allow-Origin': "'*'",
        'Access-Control-Allow-Methods': "'OPTIONS,GET,PUT,DELETE'",
      },
    });
  });

  it('reads the gateway responses and the stage, and warns about what it does not enforce', () => {
    expect(Object.keys(api.gatewayResponses).sort()).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX']);
    expect(api.stages).toEqual([
      { name: 'prod', deploymentId: expect.stringMatching(/^[a-z0-9]{6}$/), variables: null },
    ]);
    expect(api.warnings).toEqual([expect.stringContaining('throttling (100/s, burst 200)')]);
  });

  function stackWith(resources: CfnTemplate['Resources']): SynthesizedStack {
    return {
      stackName: 'Test',
      template: {
        Resources: { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'Api' } }, ...resources },
      },
      assetDirectory: () => '',
    };
  }

  function read(resources: CfnTemplate['Resources']) {
    const stack = stackWith(resources);
    const local = new Resolver({ region: 'eu-west-1', accountId: '000000000000', stackName: 'Test' });
    registerRestApis(stack, local);
    return readRestApis(stack, local);
  }

  const method = (properties: Record<string, unknown>) => ({
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'Api' } },
    Get: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: { Ref: 'Api' },
        ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
        HttpMethod: 'GET',
        ...properties,
      },
    },
  });

  it('fails loudly on integrations and authorization it cannot emulate, naming the method', () => {
    expect(() => read(method({ Integration: { Type: 'HTTP_PROXY', Uri: 'https://example.com' } }))).toThrow(
      /Get \(GET \/\): integration type HTTP_PROXY is not emulated/,
    );
    expect(() => read(method({ AuthorizationType: 'AWS_IAM', Integration: { Type: 'MOCK' } }))).toThrow(
      /authorization AWS_IAM is not emulated/,
    );
    expect(() => read({ Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: {} } } })).toThrow(
      /Body/,
    );
  });

  it('warns about features it leaves aside', () => {
    const [model] = read({
      ...method({
        ApiKeyRequired: true,
        RequestValidatorId: 'v',
        Integration: { Type: 'MOCK', IntegrationResponses: [{ StatusCode: '200' }] },
      }),
      Key: { Type: 'AWS::ApiGateway::ApiKey', Properties: {} },
    });
    expect(model.warnings).toEqual(
      expect.arrayContaining([
        'Get: RequestValidatorId is not emulated',
        'Get (GET /): API keys are not checked',
        'Key: AWS::ApiGateway::ApiKey is not emulated',
        'REST API Api has no stage: nothing serves it',
      ]),
    );
  });
});

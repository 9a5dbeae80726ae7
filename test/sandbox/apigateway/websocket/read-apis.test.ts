import { Resolver } from '../../../../sandbox/platform/resolver';
import { readWebSocketApis } from '../../../../sandbox/apigateway/websocket/read-apis';
import { apiIdOf, registerWebSocketApis } from '../../../../sandbox/apigateway/websocket/register-apis';
import { ACCOUNT, REGION, realtimeStack, resolverWithFunctions } from './support/realtime-api';

const fn = (logicalIdPrefix: string) =>
  expect.stringMatching(new RegExp(`:function:${logicalIdPrefix}[0-9A-F]{8}$`));

describe('registerWebSocketApis', () => {
  it('answers Ref and ApiEndpoint for the API, and Ref for its children', () => {
    const stack = realtimeStack();
    const resolver = resolverWithFunctions(stack);
    registerWebSocketApis(stack, resolver);
    const apiId = resolver.resolveString({ Ref: 'WebSocketApi273F6915' });
    expect(apiId).toMatch(/^[a-z0-9]{10}$/);
    expect(apiId).toBe(apiIdOf('WebSocketApi273F6915'));
    expect(resolver.resolveString({ 'Fn::GetAtt': ['WebSocketApi273F6915', 'ApiEndpoint'] })).toBe(
      `wss://${apiId}.execute-api.${REGION}.amazonaws.com`,
    );
    expect(resolver.resolveString({ Ref: 'WebSocketStageE8999091' })).toBe('prod');
    for (const child of ['WebSocketApipingRoute21334425', 'WebSocketApiTokenAuthorizer000281AE']) {
      expect(resolver.resolveString({ Ref: child })).toMatch(/^[a-z0-9]{7}$/);
    }
  });

  it('lets the orchestrator point the notifier callback URL at the local server', () => {
    const stack = realtimeStack();
    const resolver = resolverWithFunctions(stack);
    const [registered] = registerWebSocketApis(stack, resolver);
    resolver.rewritePrefix(registered.executeApiUrl, 'http://127.0.0.1:4001/');
    const notifier = stack.template.Resources.WebSocketNotifierE9B32C2A.Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    expect(resolver.resolveString(notifier.Environment.Variables.WEBSOCKET_CALLBACK_URL)).toBe(
      'http://127.0.0.1:4001/prod',
    );
  });
});

describe('readWebSocketApis', () => {
  it('reads the stage, routes, authorizer and route responses of the template', () => {
    const stack = realtimeStack();
    const resolver = resolverWithFunctions(stack);
    registerWebSocketApis(stack, resolver);
    const apis = readWebSocketApis(stack, resolver);
    expect(apis).toHaveLength(1);
    const [api] = apis;
    expect(api).toMatchObject({
      logicalId: 'WebSocketApi273F6915',
      apiId: apiIdOf('WebSocketApi273F6915'),
      region: REGION,
      accountId: ACCOUNT,
      domainName: `${apiIdOf('WebSocketApi273F6915')}.execute-api.${REGION}.amazonaws.com`,
      stageName: 'prod',
      stageVariables: {},
      routeSelectionExpression: '$request.body.action',
    });
    const byKey = Object.fromEntries(api.routes.map((route) => [route.routeKey, route]));
    expect(Object.keys(byKey).sort()).toEqual([
      '$connect',
      '$default',
      '$disconnect',
      'ping',
      'subscribe',
      'unsubscribe',
    ]);
    expect(byKey.$connect).toMatchObject({
      functionArn: fn('WebSocketConnect'),
      authorizationType: 'CUSTOM',
      returnsResponse: false,
      integrationTimeoutMs: 29_000,
      authorizer: {
        name: 'TokenAuthorizer',
        type: 'REQUEST',
        identitySources: ['route.request.querystring.token'],
        functionArn: fn('AuthAuthorizer'),
      },
    });
    expect(byKey.$disconnect).toMatchObject({
      functionArn: fn('WebSocketDisconnect'),
      returnsResponse: false,
    });
    expect(byKey.$disconnect).not.toHaveProperty('authorizer');
    for (const key of ['subscribe', 'unsubscribe', 'ping', '$default']) {
      expect(byKey[key]).toMatchObject({
        functionArn: fn('WebSocketMessages'),
        authorizationType: 'NONE',
        returnsResponse: true,
        routeResponseSelectionExpression: '$default',
      });
    }
  });

  it('refuses an integration it cannot run, naming it', () => {
    const template = {
      Resources: {
        Api: {
          Type: 'AWS::ApiGatewayV2::Api',
          Properties: { ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' },
        },
        Mock: {
          Type: 'AWS::ApiGatewayV2::Integration',
          Properties: { ApiId: { Ref: 'Api' }, IntegrationType: 'MOCK' },
        },
        Route: {
          Type: 'AWS::ApiGatewayV2::Route',
          Properties: {
            ApiId: { Ref: 'Api' },
            RouteKey: '$default',
            Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'Mock' }]] },
          },
        },
        Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Api' }, StageName: 'dev' } },
      },
    };
    const resolver = new Resolver({ region: REGION, accountId: ACCOUNT, stackName: 'S' });
    registerWebSocketApis({ template }, resolver);
    expect(() => readWebSocketApis({ template }, resolver)).toThrow(/Integration Mock: .*MOCK/);
  });

  it('ignores HTTP APIs and APIs without a stage', () => {
    const template = {
      Resources: {
        Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } },
        HttpStage: {
          Type: 'AWS::ApiGatewayV2::Stage',
          Properties: { ApiId: { Ref: 'Http' }, StageName: '$default' },
        },
        Ws: {
          Type: 'AWS::ApiGatewayV2::Api',
          Properties: { ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' },
        },
      },
    };
    const resolver = new Resolver({ region: REGION, accountId: ACCOUNT, stackName: 'S' });
    registerWebSocketApis({ template }, resolver);
    expect(() => resolver.resolveString({ Ref: 'Http' })).toThrow(/Http/);
    expect(readWebSocketApis({ template }, resolver)).toEqual([]);
  });
});

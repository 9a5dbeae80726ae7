import { readEventApis, registerEventApis } from '../../../sandbox/appsync';
import { eventApiTemplate, fixtureResolver, logicalIdOf } from './support/event-api-stack';

describe('Event APIs from the template', () => {
  const template = eventApiTemplate();

  it('answers Ref and GetAtt as AWS does, and points the host names at the local server once told', () => {
    const resolver = fixtureResolver(template);
    const [registered] = registerEventApis({ template }, resolver);
    const apiId = logicalIdOf(template, 'AWS::AppSync::Api', 'Events');
    expect(registered?.apiId).toMatch(/^[a-z0-9]{26}$/);
    expect(registered?.httpDomain).toBe(`${registered?.apiId}.appsync-api.us-east-1.amazonaws.com`);
    expect(resolver.resolve({ 'Fn::GetAtt': [apiId, 'ApiArn'] })).toBe(
      `arn:aws:appsync:us-east-1:000000000000:apis/${registered?.apiId}`,
    );
    const publisher = template.Resources[logicalIdOf(template, 'AWS::Lambda::Function', 'Publisher')];
    const variables = (publisher?.Properties?.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(resolver.resolve(variables.HTTP_DNS)).toBe(registered?.httpDomain);

    resolver.rewritePrefix(registered?.httpDomain ?? '', '127.0.0.1:4013');
    resolver.rewritePrefix(registered?.realtimeDomain ?? '', '127.0.0.1:4013');
    expect(resolver.resolve(variables.HTTP_DNS)).toBe('127.0.0.1:4013');
    expect(resolver.resolve(variables.REALTIME_DNS)).toBe('127.0.0.1:4013');
    expect(resolver.resolve({ 'Fn::Join': ['', ['https://', variables.HTTP_DNS, '/event']] })).toBe(
      'https://127.0.0.1:4013/event',
    );
    expect(resolver.resolve(variables.API_ARN)).toMatch(/^arn:aws:appsync:us-east-1:000000000000:apis\//);
  });

  it('reads the auth providers, the connection and default modes, each namespace and the API key', () => {
    const resolver = fixtureResolver(template);
    registerEventApis({ template }, resolver);
    const [api] = readEventApis({ template }, resolver);
    const authorizerId = logicalIdOf(template, 'AWS::Lambda::Function', 'Authorizer');
    expect(api).toMatchObject({
      authProviders: ['AWS_LAMBDA', 'AWS_IAM', 'API_KEY'],
      lambdaAuthorizer: {
        functionArn: `arn:aws:lambda:us-east-1:000000000000:function:Fixture-${authorizerId}`,
        resultTtlSeconds: 0,
      },
      connectionAuthModes: ['AWS_LAMBDA', 'API_KEY'],
      region: 'us-east-1',
    });
    expect(api?.namespaces.get('checks')).toEqual({
      name: 'checks',
      publishAuthModes: ['AWS_IAM'],
      subscribeAuthModes: ['AWS_LAMBDA'],
    });
    expect(api?.namespaces.get('open')).toEqual({
      name: 'open',
      publishAuthModes: ['API_KEY'],
      subscribeAuthModes: ['API_KEY'],
    });
    expect(api?.apiKeys).toEqual([expect.stringMatching(/^da2-[a-z0-9]{26}$/)]);
    const keyId = logicalIdOf(template, 'AWS::AppSync::ApiKey', 'Events');
    expect(resolver.resolve({ 'Fn::GetAtt': [keyId, 'ApiKey'] })).toBe(api?.apiKeys[0]);
  });

  it('refuses an authorization type it does not emulate, naming it', () => {
    const withCognito = eventApiTemplate({ withCognito: true });
    const resolver = fixtureResolver(withCognito);
    registerEventApis({ template: withCognito }, resolver);
    expect(() => readEventApis({ template: withCognito }, resolver)).toThrow(
      /authorization type AMAZON_COGNITO_USER_POOLS is not emulated by the sandbox/,
    );
  });

  it('refuses a namespace with event handlers, naming it', () => {
    const withHandler = eventApiTemplate({ withHandler: true });
    const resolver = fixtureResolver(withHandler);
    registerEventApis({ template: withHandler }, resolver);
    expect(() => readEventApis({ template: withHandler }, resolver)).toThrow(
      /channel namespace open has event handlers .* which the sandbox does not run/,
    );
  });
});

import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AppSyncAuthorizationType, EventApi } from 'aws-cdk-lib/aws-appsync';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { CfnTemplate } from '../../../../sandbox/platform/cloud-assembly';
import { Resolver } from '../../../../sandbox/platform/resolver';

export interface FixtureOptions {
  /** Adds a Cognito provider, which the sandbox refuses. */
  readonly withCognito?: boolean;
  /** Gives the checks namespace an onPublish handler, which the sandbox refuses. */
  readonly withHandler?: boolean;
}

/**
 * An Event API as the app's construct builds one: a Lambda authorizer for connect and
 * subscribe, IAM to publish to `checks`, and an `open` namespace on API keys; plus a
 * function whose environment names the API's host names, as a publisher's does.
 */
export function eventApiTemplate(options: FixtureOptions = {}): CfnTemplate {
  const app = new App();
  const stack = new Stack(app, 'Fixture', { env: { region: 'us-east-1', account: '000000000000' } });
  const code = Code.fromInline('exports.handler = async () => ({ isAuthorized: false });');
  const authorizer = new LambdaFunction(stack, 'Authorizer', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code,
  });
  const api = new EventApi(stack, 'Events', {
    apiName: 'fixture-events',
    authorizationConfig: {
      authProviders: [
        {
          authorizationType: AppSyncAuthorizationType.LAMBDA,
          lambdaAuthorizerConfig: { handler: authorizer, resultsCacheTtl: Duration.seconds(0) },
        },
        { authorizationType: AppSyncAuthorizationType.IAM },
        { authorizationType: AppSyncAuthorizationType.API_KEY },
      ],
      connectionAuthModeTypes: [AppSyncAuthorizationType.LAMBDA, AppSyncAuthorizationType.API_KEY],
      defaultPublishAuthModeTypes: [AppSyncAuthorizationType.IAM],
      defaultSubscribeAuthModeTypes: [AppSyncAuthorizationType.LAMBDA],
    },
  });
  api.addChannelNamespace('Checks', { channelNamespaceName: 'checks' });
  api.addChannelNamespace('Open', {
    channelNamespaceName: 'open',
    authorizationConfig: {
      publishAuthModeTypes: [AppSyncAuthorizationType.API_KEY],
      subscribeAuthModeTypes: [AppSyncAuthorizationType.API_KEY],
    },
    ...(options.withHandler === true
      ? { code: Code.fromInline('export function onPublish(ctx) { return ctx.events; }') as never }
      : {}),
  });
  new LambdaFunction(stack, 'Publisher', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code,
    environment: { HTTP_DNS: api.httpDns, REALTIME_DNS: api.realtimeDns, API_ARN: api.apiArn },
  });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  if (options.withCognito === true) {
    const [apiId] = Object.keys(template.Resources).filter(
      (id) => template.Resources[id]?.Type === 'AWS::AppSync::Api',
    );
    const config = (
      template.Resources[apiId ?? ''] as unknown as {
        Properties: { EventConfig: { AuthProviders: unknown[] } };
      }
    ).Properties.EventConfig;
    config.AuthProviders.push({ AuthType: 'AMAZON_COGNITO_USER_POOLS' });
    (config as unknown as { DefaultSubscribeAuthModes: unknown[] }).DefaultSubscribeAuthModes = [
      { AuthType: 'AMAZON_COGNITO_USER_POOLS' },
    ];
  }
  return template;
}

export function logicalIdOf(template: CfnTemplate, type: string, fragment: string): string {
  const id = Object.keys(template.Resources).find(
    (candidate) => template.Resources[candidate]?.Type === type && candidate.startsWith(fragment),
  );
  if (id === undefined) throw new Error(`No ${type} ${fragment} in the fixture`);
  return id;
}

/** A resolver with the fixture's functions registered, as the sandbox's Lambda service registers them. */
export function fixtureResolver(template: CfnTemplate): Resolver {
  const resolver = new Resolver({ region: 'us-east-1', accountId: '000000000000', stackName: 'Fixture' });
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::Lambda::Function') {
      resolver.register(id, {
        ref: `Fixture-${id}`,
        attributes: { Arn: `arn:aws:lambda:us-east-1:000000000000:function:Fixture-${id}` },
      });
    }
  }
  return resolver;
}

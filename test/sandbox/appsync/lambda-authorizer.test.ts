import { LambdaAuthorizer } from '../../../sandbox/appsync/lambda-authorizer';
import type { EventApiModel } from '../../../sandbox/appsync/model';
import { publishChannel, type Channel } from '../../../sandbox/appsync/channels';
import { FakeInvoker, failed, ok } from '../apigateway/websocket/support/fake-invoker';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:Authorizer';

const api: EventApiModel = {
  logicalId: 'Events',
  apiId: 'abcdefghijklmnopqrstuvwxyz',
  apiArn: 'arn:aws:appsync:us-east-1:000000000000:apis/abcdefghijklmnopqrstuvwxyz',
  region: 'us-east-1',
  accountId: '000000000000',
  authProviders: ['AWS_LAMBDA'],
  connectionAuthModes: ['AWS_LAMBDA'],
  namespaces: new Map(),
  apiKeys: [],
};

function channel(path: string): Channel {
  const check = publishChannel(path);
  if (!check.ok) throw new Error(check.reason);
  return check.channel;
}

function authorizerOf(invoker: FakeInvoker, ttl = 0, expression?: RegExp): LambdaAuthorizer {
  return new LambdaAuthorizer(
    api,
    {
      functionArn: FUNCTION_ARN,
      resultTtlSeconds: ttl,
      ...(expression === undefined ? {} : { identityValidationExpression: expression }),
    },
    invoker,
    () => undefined,
  );
}

const headers = { authorization: 'token-a' };

describe('the Lambda authorizer', () => {
  it('allows what isAuthorized allows, and refuses the rest', async () => {
    const invoker = new FakeInvoker().on('Authorizer', (event) =>
      ok({ isAuthorized: event.authorizationToken === 'token-a', handlerContext: { tenant: 'a' } }),
    );
    const authorizer = authorizerOf(invoker);
    expect(await authorizer.authorize('EVENT_CONNECT', headers, undefined)).toEqual({
      ok: true,
      handlerContext: { tenant: 'a' },
    });
    expect(await authorizer.authorize('EVENT_CONNECT', { authorization: 'token-b' }, undefined)).toEqual({
      ok: false,
      why: 'the authorizer answered isAuthorized: false',
    });
  });

  it('refuses on a function error or an answer without a boolean isAuthorized', async () => {
    const erring = authorizerOf(new FakeInvoker().on('Authorizer', () => failed('boom')));
    expect(await erring.authorize('EVENT_CONNECT', headers, undefined)).toEqual({
      ok: false,
      why: 'the authorizer failed: boom',
    });
    const vague = authorizerOf(new FakeInvoker().on('Authorizer', () => ok({ isAuthorized: 'yes' })));
    expect(await vague.authorize('EVENT_CONNECT', headers, undefined)).toMatchObject({ ok: false });
  });

  it('refuses a token the validation expression refuses, without invoking', async () => {
    const invoker = new FakeInvoker().on('Authorizer', () => ok({ isAuthorized: true }));
    const authorizer = authorizerOf(invoker, 0, /^token-[a-z]+$/);
    expect(
      await authorizer.authorize('EVENT_CONNECT', { authorization: 'Bearer 1' }, undefined),
    ).toMatchObject({
      ok: false,
    });
    expect(invoker.calls).toHaveLength(0);
  });

  it('invokes every time with a TTL of 0', async () => {
    const invoker = new FakeInvoker().on('Authorizer', () => ok({ isAuthorized: true }));
    const authorizer = authorizerOf(invoker);
    await authorizer.authorize('EVENT_SUBSCRIBE', headers, channel('/checks/a/1'));
    await authorizer.authorize('EVENT_SUBSCRIBE', headers, channel('/checks/a/1'));
    expect(invoker.calls).toHaveLength(2);
  });

  it('caches an answer for its TTL, per token, operation and channel; ttlOverride wins', async () => {
    const invoker = new FakeInvoker().on('Authorizer', (event) =>
      ok({ isAuthorized: true, ...(event.authorizationToken === 'short' ? { ttlOverride: 0 } : {}) }),
    );
    const authorizer = authorizerOf(invoker, 60);
    const at = 1_000_000;
    await authorizer.authorize('EVENT_SUBSCRIBE', headers, channel('/checks/a/1'), at);
    await authorizer.authorize('EVENT_SUBSCRIBE', headers, channel('/checks/a/1'), at + 59_000);
    expect(invoker.calls).toHaveLength(1);
    await authorizer.authorize('EVENT_SUBSCRIBE', headers, channel('/checks/a/2'), at + 1);
    await authorizer.authorize('EVENT_CONNECT', headers, undefined, at + 1);
    expect(invoker.calls).toHaveLength(3);
    await authorizer.authorize('EVENT_SUBSCRIBE', headers, channel('/checks/a/1'), at + 61_000);
    expect(invoker.calls).toHaveLength(4);
    await authorizer.authorize('EVENT_CONNECT', { authorization: 'short' }, undefined, at);
    await authorizer.authorize('EVENT_CONNECT', { authorization: 'short' }, undefined, at);
    expect(invoker.calls).toHaveLength(6);
  });
});

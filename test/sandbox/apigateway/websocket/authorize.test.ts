import { decideAuthorization } from '../../../../sandbox/apigateway/websocket/authorize';
import { failed, ok } from './support/fake-invoker';

const METHOD_ARN = 'arn:aws:execute-api:us-east-1:000000000000:abcdefghij/prod/$connect';

function policy(effect: string, resource: string | string[], context?: Record<string, unknown>) {
  return {
    principalId: 'tenant-a',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    ...(context === undefined ? {} : { context }),
  };
}

describe('decideAuthorization', () => {
  it('allows a policy whose Allow covers the method, with the context stringified', () => {
    const decision = decideAuthorization(
      ok(
        policy('Allow', 'arn:aws:execute-api:us-east-1:000000000000:abcdefghij/prod/*', {
          tenant: 't',
          n: 3,
          b: false,
          z: null,
        }),
      ),
      METHOD_ARN,
    );
    expect(decision).toEqual({
      kind: 'allow',
      grant: { principalId: 'tenant-a', context: { tenant: 't', n: '3', b: 'false', z: null } },
    });
  });

  it('answers 403 to an explicit Deny, even beside an Allow', () => {
    const result = policy('Deny', METHOD_ARN);
    result.policyDocument.Statement.push({ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' });
    expect(decideAuthorization(ok(result), METHOD_ARN)).toEqual({
      kind: 'refuse',
      status: 403,
      message: 'User is not authorized to access this resource with an explicit deny',
    });
  });

  it('needs every literal character of the resource, slashes included', () => {
    // A known trap: `stage/*/*` does not cover `stage/$connect`.
    const arn = 'arn:aws:execute-api:us-east-1:000000000000:abcdefghij/prod/*/*';
    expect(decideAuthorization(ok(policy('Allow', arn)), METHOD_ARN)).toMatchObject({ status: 403 });
    const wildcards = 'arn:aws:execute-api:*:*:abcdefghij/pro?/*';
    expect(decideAuthorization(ok(policy('Allow', wildcards)), METHOD_ARN)).toMatchObject({ kind: 'allow' });
  });

  it('answers 403 when no Allow covers the method', () => {
    expect(decideAuthorization(ok(policy('Allow', `${METHOD_ARN}/*`)), METHOD_ARN)).toEqual({
      kind: 'refuse',
      status: 403,
      message: 'User is not authorized to access this resource',
    });
  });

  it('answers 401 to the error Unauthorized and 500 to any other error', () => {
    expect(decideAuthorization(failed('Unauthorized'), METHOD_ARN)).toMatchObject({ status: 401 });
    expect(decideAuthorization(failed('boom'), METHOD_ARN)).toMatchObject({ status: 500 });
  });

  it('answers 500 to a malformed result', () => {
    expect(decideAuthorization(ok({ principalId: 'x' }), METHOD_ARN)).toMatchObject({ status: 500 });
    expect(decideAuthorization(ok(policy('Allow', '*', { nested: { a: 1 } })), METHOD_ARN)).toMatchObject({
      status: 500,
    });
    expect(
      decideAuthorization(ok(policy('Allow', '*', { big: 'x'.repeat(9_000) })), METHOD_ARN),
    ).toMatchObject({
      status: 500,
    });
  });
});

import { allowPolicy } from '../../../lambda/auth/auth-policy';
import {
  authorizerContextOf,
  evaluatePolicy,
  methodArnOf,
  parseAuthorizerOutput,
  type PolicyStatement,
} from '../../../sandbox/apigateway/policy';

const api = { region: 'us-east-1', accountId: '123456789012', apiId: 'kafaq0xxdt' };
const getCheck = methodArnOf(api, 'prod', 'GET', '/checks/c1');

function statements(output: unknown): readonly PolicyStatement[] {
  const parsed = parseAuthorizerOutput(output);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.result.statements;
}

describe('authorizer policies', () => {
  it('builds method ARNs with the stage, the verb and the path', () => {
    expect(getCheck).toBe('arn:aws:execute-api:us-east-1:123456789012:kafaq0xxdt/prod/GET/checks/c1');
    expect(methodArnOf(api, 'prod', 'GET', '/')).toBe(
      'arn:aws:execute-api:us-east-1:123456789012:kafaq0xxdt/prod/GET/',
    );
  });

  it("allows every route of the stage with the product's policy, so a cached answer covers other routes", () => {
    const policy = statements(allowPolicy('demo', getCheck));
    expect(evaluatePolicy(policy, getCheck)).toBe('ALLOW');
    expect(evaluatePolicy(policy, methodArnOf(api, 'prod', 'POST', '/checks'))).toBe('ALLOW');
    expect(evaluatePolicy(policy, methodArnOf(api, 'dev', 'GET', '/checks/c1'))).toBe('IMPLICIT_DENY');
  });

  it('lets an explicit Deny win over an Allow, and denies what no statement allows', () => {
    const policy = statements({
      principalId: 'u',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:*',
            Effect: 'Allow',
            Resource: 'arn:aws:execute-api:us-east-1:*:kafaq0xxdt/prod/*',
          },
          {
            Action: ['execute-api:Invoke'],
            Effect: 'Deny',
            Resource: ['arn:aws:execute-api:*:*:*/prod/DELETE/*'],
          },
        ],
      },
    });
    expect(evaluatePolicy(policy, getCheck)).toBe('ALLOW');
    expect(evaluatePolicy(policy, methodArnOf(api, 'prod', 'DELETE', '/subscriptions/s1'))).toBe(
      'EXPLICIT_DENY',
    );
    expect(evaluatePolicy([], getCheck)).toBe('IMPLICIT_DENY');
  });

  it('matches actions without regard to case and resources with * and ?', () => {
    const policy = statements({
      principalId: 'u',
      policyDocument: {
        Statement: { Action: 'EXECUTE-API:invoke', Effect: 'Allow', Resource: `${getCheck.slice(0, -1)}?` },
      },
    });
    expect(evaluatePolicy(policy, getCheck)).toBe('ALLOW');
    expect(evaluatePolicy(policy, `${getCheck}2`)).toBe('IMPLICIT_DENY');
  });

  it.each([
    ['no object', null],
    ['no principalId', { policyDocument: { Statement: [] } }],
    ['no policy document', { principalId: 'u' }],
    [
      'a bad Effect',
      { principalId: 'u', policyDocument: { Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] } },
    ],
    ['no Resource', { principalId: 'u', policyDocument: { Statement: [{ Effect: 'Allow', Action: '*' }] } }],
    [
      'an object in context',
      { principalId: 'u', policyDocument: { Statement: [] }, context: { nested: { a: 1 } } },
    ],
    ['an array in context', { principalId: 'u', policyDocument: { Statement: [] }, context: { list: [1] } }],
  ])('refuses an output with %s', (_name, output) => {
    expect(parseAuthorizerOutput(output).ok).toBe(false);
  });

  it('stringifies context numbers and booleans beside principalId and integrationLatency', () => {
    const parsed = parseAuthorizerOutput({
      principalId: 'demo',
      policyDocument: { Statement: [] },
      context: { tenant: 'demo', count: 123, admin: true, none: null },
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(authorizerContextOf(parsed.result, 12)).toEqual({
      tenant: 'demo',
      count: '123',
      admin: 'true',
      none: null,
      principalId: 'demo',
      integrationLatency: 12,
    });
  });
});

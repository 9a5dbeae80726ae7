import { allowPolicy, stageResourceOf } from '../../../lambda/auth/auth-policy';

describe('stageResourceOf', () => {
  it.each([
    [
      'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/checks/42',
      'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*',
    ],
    [
      'arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/POST/subscriptions',
      'arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/*',
    ],
    [
      'arn:aws:execute-api:us-east-1:123456789012:ws0api/prod/$connect',
      'arn:aws:execute-api:us-east-1:123456789012:ws0api/prod/*',
    ],
    [
      'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/GET/',
      'arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/*',
    ],
  ])('widens %s to every route of its stage', (methodArn, resource) => {
    expect(stageResourceOf(methodArn)).toBe(resource);
  });

  it.each([
    '',
    'arn:aws:execute-api:us-east-1:123456789012:abc123',
    'arn:aws:lambda:us-east-1:123456789012:function/x/y',
  ])('refuses %j, which names no API stage', (methodArn) => {
    expect(() => stageResourceOf(methodArn)).toThrow('Not an execute-api method ARN');
  });
});

describe('allowPolicy', () => {
  it('allows the tenant on the whole stage and passes the tenant on', () => {
    expect(allowPolicy('acme', 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/checks')).toEqual({
      principalId: 'acme',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: 'arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*',
          },
        ],
      },
      context: { tenant: 'acme' },
    });
  });
});

import type { CfnTemplate } from '../../../sandbox/platform/cloud-assembly';
import { Resolver } from '../../../sandbox/platform/resolver';
import { registerInertResources } from '../../../sandbox/platform/inert';

describe('registerInertResources', () => {
  const template: CfnTemplate = {
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      NamedRole: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'deployer', Path: '/service/' } },
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 14 } },
      NamedLogs: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: 'AWS::StackName' }]] } },
      },
      Policy: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'Role' }] } },
    },
  };

  it('gives roles and log groups a plausible Ref and Arn', () => {
    const resolver = new Resolver({ region: 'eu-west-1', accountId: '123456789012', stackName: 'Stack' });
    registerInertResources(template, resolver);
    expect(resolver.resolve({ Ref: 'Role' })).toBe('Stack-Role');
    expect(resolver.resolve({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe(
      'arn:aws:iam::123456789012:role/Stack-Role',
    );
    expect(resolver.resolve({ 'Fn::GetAtt': ['Role', 'RoleId'] })).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(resolver.resolve({ 'Fn::GetAtt': ['NamedRole', 'Arn'] })).toBe(
      'arn:aws:iam::123456789012:role/service/deployer',
    );
    expect(resolver.resolve({ Ref: 'Logs' })).toBe('Stack-Logs');
    expect(resolver.resolve({ 'Fn::GetAtt': ['NamedLogs', 'Arn'] })).toBe(
      'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/Stack:*',
    );
    expect(() => resolver.resolve({ Ref: 'Policy' })).toThrow(/Policy/);
  });
});

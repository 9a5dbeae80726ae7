import { secretsManagerApi } from '../../../sandbox/secrets-manager/secrets-manager-api';

const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:Stack-Token-AbC123';
const api = secretsManagerApi(
  [
    { arn: ARN, name: 'Stack-Token', secretString: 's3cret', description: 'Signs tokens' },
    { arn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:Empty-xYz789', name: 'Empty' },
  ],
  () => new Date('2026-01-02T03:04:05.500Z'),
);

function call(action: string, request: unknown) {
  const response = api(`secretsmanager.${action}`, JSON.stringify(request));
  return { ...response, json: JSON.parse(response.body) as Record<string, unknown> };
}

describe('secretsManagerApi', () => {
  it('answers GetSecretValue by ARN, by partial ARN and by name, in AWS JSON 1.1', () => {
    for (const secretId of [ARN, ARN.slice(0, -7), 'Stack-Token']) {
      const response = call('GetSecretValue', { SecretId: secretId });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(response.json).toEqual({
        ARN,
        Name: 'Stack-Token',
        SecretString: 's3cret',
        VersionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1767323045.5,
      });
    }
  });

  it('accepts the current version by id or stage, and refuses any other', () => {
    const { VersionId } = call('GetSecretValue', { SecretId: ARN }).json;
    expect(call('GetSecretValue', { SecretId: ARN, VersionId }).status).toBe(200);
    expect(call('GetSecretValue', { SecretId: ARN, VersionStage: 'AWSCURRENT' }).status).toBe(200);
    expect(call('GetSecretValue', { SecretId: ARN, VersionStage: 'AWSPREVIOUS' }).json).toEqual({
      __type: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS",
    });
    expect(call('GetSecretValue', { SecretId: ARN, VersionId: 'other' }).json.__type).toBe(
      'ResourceNotFoundException',
    );
  });

  it('has no value to give for a secret created without one', () => {
    expect(call('GetSecretValue', { SecretId: 'Empty' }).json).toEqual({
      __type: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
    });
  });

  it('answers DescribeSecret with the version and its stage', () => {
    const { VersionId } = call('GetSecretValue', { SecretId: ARN }).json;
    expect(call('DescribeSecret', { SecretId: 'Stack-Token' }).json).toEqual({
      ARN,
      Name: 'Stack-Token',
      Description: 'Signs tokens',
      CreatedDate: 1767323045.5,
      LastChangedDate: 1767323045.5,
      VersionIdsToStages: { [VersionId as string]: ['AWSCURRENT'] },
    });
  });

  it('answers an unknown secret as AWS does: 400, x-amzn-ErrorType and __type', () => {
    const response = call('GetSecretValue', { SecretId: 'nope' });
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-ErrorType']).toBe('ResourceNotFoundException');
    expect(response.json).toEqual({
      __type: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
  });

  it('refuses a missing SecretId, a bad body and an action it does not offer', () => {
    expect(call('GetSecretValue', {}).json.__type).toBe('ValidationException');
    expect(api('secretsmanager.GetSecretValue', '{').headers['x-amzn-ErrorType']).toBe(
      'SerializationException',
    );
    expect(api('secretsmanager.GetSecretValue', '[]').headers['x-amzn-ErrorType']).toBe(
      'SerializationException',
    );
    const unknown = call('PutSecretValue', { SecretId: ARN, SecretString: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.__type).toBe('UnknownOperationException');
    expect(unknown.json.message).toMatch(/GetSecretValue and DescribeSecret only/);
    expect(api(undefined, '{}').headers['x-amzn-ErrorType']).toBe('UnknownOperationException');
  });
});

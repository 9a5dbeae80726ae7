import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { sdkEnvironment, type SandboxAws } from '../../../sandbox/platform/aws-environment';
import { startSecretsManager, type SecretsManagerEndpoint } from '../../../sandbox/secrets-manager/server';

const ARN = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:Stack-Token-AbC123';

describe('startSecretsManager', () => {
  let server: SecretsManagerEndpoint;
  let client: SecretsManagerClient;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    server = await startSecretsManager({
      port: 0,
      host: '127.0.0.1',
      secrets: [{ arn: ARN, name: 'Stack-Token', secretString: 'dev-secret', description: 'Signs tokens' }],
    });
    client = new SecretsManagerClient({
      endpoint: server.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    process.env = savedEnv;
    client.destroy();
    await server.stop();
  });

  it('serves GetSecretValue and DescribeSecret to the AWS SDK', async () => {
    const value = await client.send(new GetSecretValueCommand({ SecretId: 'Stack-Token' }));
    expect(value).toMatchObject({
      ARN,
      Name: 'Stack-Token',
      SecretString: 'dev-secret',
      VersionStages: ['AWSCURRENT'],
    });
    expect(value.CreatedDate).toBeInstanceOf(Date);
    const description = await client.send(new DescribeSecretCommand({ SecretId: ARN }));
    expect(description).toMatchObject({ ARN, Description: 'Signs tokens' });
    expect(description.VersionIdsToStages).toEqual({ [value.VersionId as string]: ['AWSCURRENT'] });
  });

  it('makes the SDK throw its own ResourceNotFoundException for an unknown secret', async () => {
    const failing = client.send(new GetSecretValueCommand({ SecretId: 'missing' }));
    await expect(failing).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(failing).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("serves Powertools' getSecret, as the authorizer calls it, through AWS_ENDPOINT_URL_SECRETS_MANAGER", async () => {
    const aws: SandboxAws = {
      region: 'eu-west-1',
      accountId: '000000000000',
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      endpoints: {
        dynamodb: 'http://127.0.0.1:1',
        dynamodbStreams: 'http://127.0.0.1:1',
        sqs: 'http://127.0.0.1:1',
        sns: 'http://127.0.0.1:1',
        secretsManager: server.endpoint,
      },
    };
    Object.assign(process.env, sdkEnvironment(aws));
    await expect(getSecret(ARN, { maxAge: 300 })).resolves.toBe('dev-secret');
  });
});

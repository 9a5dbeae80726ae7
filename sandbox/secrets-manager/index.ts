/**
 * Secrets Manager: each `AWS::SecretsManager::Secret` of the template, served by the
 * sandbox's own endpoint (`GetSecretValue`, `DescribeSecret`).
 */
export { createSecrets } from './secrets';
export { startSecretsManager, type SecretsManagerEndpoint } from './server';

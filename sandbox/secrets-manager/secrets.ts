import { randomInt } from 'node:crypto';
import * as z from 'zod/mini';
import { resourcesOfType, type SynthesizedStack } from '../platform/cloud-assembly';
import type { Resolver } from '../platform/resolver';
import type { SandboxAws } from '../platform/aws-environment';
import type { SandboxSecret } from './secrets-manager-api';
import { generatedName, readProperties } from '../platform/properties';

/** `KmsKeyId`, `ReplicaRegions` and tags are dropped; the generator's options too, as the value is given. */
const secretProperties = z.object({
  Name: z.optional(z.string()),
  Description: z.optional(z.string()),
  SecretString: z.optional(z.string()),
  GenerateSecretString: z.optional(
    z.object({ SecretStringTemplate: z.optional(z.string()), GenerateStringKey: z.optional(z.string()) }),
  ),
});

type SecretProperties = z.output<typeof secretProperties>;

const SUFFIX_CHARACTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The 6 random characters Secrets Manager appends to a name in the secret's ARN. */
function arnSuffix(): string {
  return Array.from({ length: 6 }, () => SUFFIX_CHARACTERS[randomInt(SUFFIX_CHARACTERS.length)]).join('');
}

/**
 * The secret's value: its `SecretString`, else the generated value (inside its template's
 * JSON when `GenerateStringKey` names a key), else none, as CloudFormation leaves a secret
 * with neither.
 */
export function secretValue(properties: SecretProperties, generatedValue: string): string | undefined {
  if (properties.SecretString !== undefined) return properties.SecretString;
  const generate = properties.GenerateSecretString;
  if (generate === undefined) return undefined;
  if (generate.GenerateStringKey === undefined) return generatedValue;
  const template = JSON.parse(generate.SecretStringTemplate ?? '{}') as Record<string, unknown>;
  return JSON.stringify({ ...template, [generate.GenerateStringKey]: generatedValue });
}

/**
 * Reads each `AWS::SecretsManager::Secret` of the stack and registers it (`Ref` and `Id` are its
 * ARN). A generated secret gets `generatedSecretValue`, the sandbox's dev secret, so that tokens
 * signed by `npm run token` verify. Returns the secrets for startSecretsManager, which is why
 * it needs only the account's identity, not the endpoints.
 */
export async function createSecrets(
  stack: SynthesizedStack,
  resolver: Resolver,
  aws: Pick<SandboxAws, 'region' | 'accountId'>,
  log: (line: string) => void,
  generatedSecretValue: string,
): Promise<SandboxSecret[]> {
  return resourcesOfType(stack.template, 'AWS::SecretsManager::Secret').map(({ logicalId, properties }) => {
    const read = readProperties(secretProperties, properties, resolver, logicalId);
    const name = read.Name ?? generatedName(stack.stackName, logicalId);
    const arn = `arn:aws:secretsmanager:${aws.region}:${aws.accountId}:secret:${name}-${arnSuffix()}`;
    resolver.register(logicalId, { ref: arn, attributes: { Id: arn } });
    const value = secretValue(read, generatedSecretValue);
    log(`Secret ${name}${value === undefined ? ' (no value)' : ''}`);
    return { arn, name, secretString: value, description: read.Description };
  });
}

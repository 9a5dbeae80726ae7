import { randomUUID } from 'node:crypto';

/** A secret as the sandbox holds it. */
export interface SandboxSecret {
  readonly arn: string;
  readonly name: string;
  /** Undefined for a secret created with no value. */
  readonly secretString?: string;
  readonly description?: string;
}

/** An AWS JSON 1.1 response. */
export interface AwsJsonResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'secretsmanager.';
const SUPPORTED = ['GetSecretValue', 'DescribeSecret'];

interface StoredSecret extends SandboxSecret {
  readonly versionId: string;
  /** Epoch seconds, as the JSON protocol sends timestamps. */
  readonly createdDate: number;
}

function reply(status: number, body: unknown, headers: Record<string, string> = {}): AwsJsonResponse {
  return { status, headers: { 'content-type': CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** An error as AWS sends it: the SDK reads its name from `x-amzn-ErrorType`, then `__type`. */
function failure(type: string, message: string): AwsJsonResponse {
  return reply(400, { __type: type, message }, { 'x-amzn-ErrorType': type });
}

const NOT_FOUND = failure('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");

/** The 6 characters Secrets Manager appends to a secret's name in its ARN. */
const ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

type SecretsById = ReadonlyMap<string, StoredSecret>;

function lookUp(byId: SecretsById, request: Record<string, unknown>): StoredSecret | AwsJsonResponse {
  const secretId = request.SecretId;
  if (typeof secretId !== 'string' || secretId === '') {
    return failure(
      'ValidationException',
      "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
    );
  }
  return byId.get(secretId) ?? NOT_FOUND;
}

function getSecretValue(byId: SecretsById, request: Record<string, unknown>): AwsJsonResponse {
  const secret = lookUp(byId, request);
  if ('status' in secret) return secret;
  const { VersionId: versionId, VersionStage: stage } = request;
  if (versionId !== undefined && versionId !== secret.versionId) {
    return failure(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for VersionId: ${String(versionId)}`,
    );
  }
  if ((stage !== undefined && stage !== 'AWSCURRENT') || secret.secretString === undefined) {
    return failure(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for staging label: ${String(stage ?? 'AWSCURRENT')}`,
    );
  }
  return reply(200, {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: secret.versionId,
    SecretString: secret.secretString,
    VersionStages: ['AWSCURRENT'],
    CreatedDate: secret.createdDate,
  });
}

function describeSecret(byId: SecretsById, request: Record<string, unknown>): AwsJsonResponse {
  const secret = lookUp(byId, request);
  if ('status' in secret) return secret;
  return reply(200, {
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description === undefined ? {} : { Description: secret.description }),
    CreatedDate: secret.createdDate,
    LastChangedDate: secret.createdDate,
    VersionIdsToStages: { [secret.versionId]: ['AWSCURRENT'] },
  });
}

/** The action and its JSON object, or the error AWS answers a call it cannot read with. */
function parseCall(
  target: string | undefined,
  body: string,
): { readonly action: string; readonly fields: Record<string, unknown> } | AwsJsonResponse {
  const action = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  if (action === undefined || !SUPPORTED.includes(action)) {
    return failure(
      'UnknownOperationException',
      `The sandbox's Secrets Manager answers ${SUPPORTED.join(' and ')} only, not ${target ?? 'a request without X-Amz-Target'}`,
    );
  }
  let request: unknown;
  try {
    request = JSON.parse(body === '' ? '{}' : body);
  } catch {
    return failure('SerializationException', 'The request body is not valid JSON');
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return failure('SerializationException', 'The request body must be a JSON object');
  }
  return { action, fields: request as Record<string, unknown> };
}

/**
 * The Secrets Manager API over a fixed set of secrets: `GetSecretValue` and `DescribeSecret`,
 * by ARN, partial ARN (without the random suffix) or name. Each secret has one version,
 * labelled `AWSCURRENT`.
 */
export function secretsManagerApi(
  secrets: readonly SandboxSecret[],
  now: () => Date = () => new Date(),
): (target: string | undefined, body: string) => AwsJsonResponse {
  const createdDate = now().getTime() / 1000;
  const byId = new Map<string, StoredSecret>();
  for (const secret of secrets) {
    const stored = { ...secret, versionId: randomUUID(), createdDate };
    byId.set(secret.arn, stored);
    byId.set(secret.arn.replace(ARN_SUFFIX, ''), stored);
    byId.set(secret.name, stored);
  }
  return (target, body) => {
    const call = parseCall(target, body);
    if ('status' in call) return call;
    return call.action === 'GetSecretValue'
      ? getSecretValue(byId, call.fields)
      : describeSecret(byId, call.fields);
  };
}

/**
 * Prints a bearer token for a tenant, and only the token, on stdout:
 *   npm run --silent token -- <tenant> [--expires 24h] [--secret-id <secret ARN or name>]
 * The signing secret is TOKEN_SECRET if set, else the Secrets Manager secret named by
 * --secret-id (a deployed stack's TokenSecretArn output), else the sandbox's dev secret.
 * --expires may not exceed TOKEN_MAX_LIFETIME_SECONDS (default a day), the authorizer's limit.
 */
import { parseArgs } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DEV_TOKEN_SECRET } from '../lambda/auth/dev-secret';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, issueToken } from '../lambda/auth/tokens';
import { positiveIntegerOf } from '../lambda/shared/env';
import { TENANT_PATTERN } from '../lambda/shared/tenant';

const USAGE = 'Usage: npm run --silent token -- <tenant> [--expires 24h] [--secret-id <secret ARN or name>]';

export interface TokenScriptIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readSecret: (secretId: string) => Promise<string>;
}

interface Options {
  readonly tenant: string;
  readonly expires: string;
  readonly secretId: string | undefined;
  readonly maxLifetimeSeconds: number;
}

/** The options, or the exit code when there is nothing to sign. */
function optionsOf(argv: readonly string[], io: TokenScriptIo): Options | number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        expires: { type: 'string', default: '24h' },
        'secret-id': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stderr(`${USAGE}\n`);
    return 0;
  }
  const [tenant] = positionals;
  if (tenant === undefined || positionals.length > 1) {
    io.stderr(`Give exactly one tenant.\n${USAGE}\n`);
    return 2;
  }
  if (!TENANT_PATTERN.test(tenant)) {
    io.stderr(
      `Invalid tenant "${tenant}": use 1 to 63 lower-case letters, digits or dashes, not starting with a dash\n`,
    );
    return 2;
  }
  const maxLifetime = io.env.TOKEN_MAX_LIFETIME_SECONDS;
  let maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  if (maxLifetime !== undefined && maxLifetime !== '') {
    try {
      maxLifetimeSeconds = positiveIntegerOf('TOKEN_MAX_LIFETIME_SECONDS', maxLifetime);
    } catch (error) {
      io.stderr(`${(error as Error).message}\n`);
      return 2;
    }
  }
  return { tenant, expires: values.expires, secretId: values['secret-id'], maxLifetimeSeconds };
}

async function secretOf({ secretId }: Options, io: TokenScriptIo): Promise<string> {
  const fromEnv = io.env.TOKEN_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (secretId !== undefined) return io.readSecret(secretId);
  io.stderr('Signed with the sandbox dev secret (lambda/auth/dev-secret.ts); a deployed stack refuses it.\n');
  return DEV_TOKEN_SECRET;
}

/** Runs the script and returns its exit code: 0, 1 when the secret cannot be read, 2 for bad arguments. */
export async function main(argv: readonly string[], io: TokenScriptIo): Promise<number> {
  const options = optionsOf(argv, io);
  if (typeof options === 'number') return options;
  let secret: string;
  try {
    secret = await secretOf(options, io);
  } catch (error) {
    io.stderr(`Could not read the token secret: ${(error as Error).message}\n`);
    return 1;
  }
  let token: string;
  try {
    token = await issueToken(secret, options.tenant, options.expires, options.maxLifetimeSeconds);
  } catch (error) {
    // The tenant is already checked: what is left is the secret's length, or the expiry's format or length.
    const asked = `--expires "${options.expires}", at most TOKEN_MAX_LIFETIME_SECONDS=${options.maxLifetimeSeconds}`;
    io.stderr(`Could not sign a token (${asked}): ${(error as Error).message}\n`);
    return 2;
  }
  io.stdout(`${token}\n`);
  return 0;
}

export async function readSecret(secretId: string): Promise<string> {
  const { SecretString } = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: secretId }),
  );
  if (SecretString === undefined || SecretString === '')
    throw new Error(`Secret ${secretId} holds no string`);
  return SecretString;
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readSecret,
  }).then((code) => {
    process.exitCode = code;
  });
}

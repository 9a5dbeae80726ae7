import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { decodeJwt } from 'jose';
import { SECRET } from './support';
import { DEV_TOKEN_SECRET } from '../../../lambda/auth/dev-secret';
import { verifyToken } from '../../../lambda/auth/tokens';
import { main, readSecret, type TokenScriptIo } from '../../../scripts/token';

const secrets = mockClient(SecretsManagerClient);
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token-AbCdEf';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly secretIds: string[];
}

async function run(argv: string[], env: Record<string, string> = {}, secret = SECRET): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const secretIds: string[] = [];
  const io: TokenScriptIo = {
    env,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readSecret: async (secretId) => {
      secretIds.push(secretId);
      return secret;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, secretIds };
}

const tokenOf = ({ stdout }: Run) => stdout.replace(/\n$/, '');

beforeEach(() => {
  secrets.reset();
});

it('prints only a token for the tenant, signed with the dev secret, and says so on stderr', async () => {
  const result = await run(['acme']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  await expect(verifyToken(DEV_TOKEN_SECRET, tokenOf(result))).resolves.toBe('acme');
  expect(result.stderr).toContain('sandbox dev secret');
  const { exp, iat } = decodeJwt(tokenOf(result));
  expect((exp ?? 0) - (iat ?? 0)).toBe(24 * 3600);
});

it('keeps the dev secret long enough to sign with', () => {
  expect(DEV_TOKEN_SECRET.length).toBeGreaterThanOrEqual(32);
});

it('signs with TOKEN_SECRET when it is set, before any --secret-id', async () => {
  const result = await run(['acme', '--secret-id', SECRET_ARN], { TOKEN_SECRET: SECRET });
  expect(result.code).toBe(0);
  await expect(verifyToken(SECRET, tokenOf(result))).resolves.toBe('acme');
  expect(result.secretIds).toEqual([]);
  expect(result.stderr).toBe('');
});

it('signs with the secret --secret-id names', async () => {
  const result = await run(['globex', '--secret-id', SECRET_ARN]);
  expect(result.code).toBe(0);
  expect(result.secretIds).toEqual([SECRET_ARN]);
  await expect(verifyToken(SECRET, tokenOf(result))).resolves.toBe('globex');
});

it('sets the expiry that --expires asks for', async () => {
  const { exp, iat } = decodeJwt(tokenOf(await run(['acme', '--expires', '30m'])));
  expect((exp ?? 0) - (iat ?? 0)).toBe(1800);
});

it('refuses an --expires beyond the maximum lifetime, which the authorizer would refuse', async () => {
  const result = await run(['acme', '--expires', '25h']);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain('A token may live at most 86400 s, not "25h"');
  expect(result.stderr).toContain('TOKEN_MAX_LIFETIME_SECONDS=86400');
});

it('takes the maximum lifetime from TOKEN_MAX_LIFETIME_SECONDS, as the authorizer does', async () => {
  const result = await run(['acme', '--expires', '2d'], { TOKEN_MAX_LIFETIME_SECONDS: '172800' });
  expect(result.code).toBe(0);
  const { exp, iat } = decodeJwt(tokenOf(result));
  expect((exp ?? 0) - (iat ?? 0)).toBe(172800);
  expect((await run(['acme', '--expires', '2h'], { TOKEN_MAX_LIFETIME_SECONDS: '3600' })).code).toBe(2);
});

it('exits 2 naming TOKEN_MAX_LIFETIME_SECONDS when it is no positive integer', async () => {
  const result = await run(['acme'], { TOKEN_MAX_LIFETIME_SECONDS: 'a day' });
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain('TOKEN_MAX_LIFETIME_SECONDS must be a positive integer, not "a day"');
});

it.each([
  ['no tenant', []],
  ['two tenants', ['acme', 'globex']],
  ['a bad tenant', ['Not_A_Tenant']],
  ['an unknown option', ['acme', '--forever']],
  ['an --expires that is no duration', ['acme', '--expires', 'soon']],
])('exits 2 with a message on stderr and nothing on stdout for %s', async (_, argv) => {
  const result = await run(argv);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toBe('');
});

it('names the tenant rule when the tenant is bad', async () => {
  expect((await run(['Bad Tenant'])).stderr).toContain('Invalid tenant "Bad Tenant"');
});

it('exits 1 when the secret cannot be read', async () => {
  let stderr = '';
  const code = await main(['acme', '--secret-id', SECRET_ARN], {
    env: {},
    stdout: () => undefined,
    stderr: (text) => (stderr += text),
    readSecret: async () => {
      throw new Error('AccessDeniedException');
    },
  });
  expect(code).toBe(1);
  expect(stderr).toContain('AccessDeniedException');
});

describe('readSecret', () => {
  it('reads the secret string from Secrets Manager', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: SECRET });
    await expect(readSecret(SECRET_ARN)).resolves.toBe(SECRET);
  });

  it('refuses a secret without a string', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });
    await expect(readSecret(SECRET_ARN)).rejects.toThrow(`Secret ${SECRET_ARN} holds no string`);
  });
});

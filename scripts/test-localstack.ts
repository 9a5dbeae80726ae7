/**
 * `npm run test:localstack -- [--keep-localstack] [jest options]`: deploys the stack to
 * LocalStack with cdklocal and runs the end-to-end suite against it. It needs Docker, a
 * LocalStack auth token (the WebSocket API and its @connections management API are not in
 * LocalStack's free tier) and the npm registry once, for cdklocal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const PROJECT_DIR = resolve(__dirname, '..');
const OUTPUTS_FILE = '.sandbox/localstack-outputs.json';
/** cdklocal's default endpoint; `localhost.localstack.cloud` resolves to 127.0.0.1 and its subdomains too. */
const ENDPOINT = 'http://localhost.localstack.cloud:4566';
const IMAGE = process.env.LOCALSTACK_IMAGE ?? 'localstack/localstack:latest';
const CONTAINER = 'realtime-checks-localstack';
/** cdklocal 3 wraps the project's own aws-cdk, which it finds through NODE_PATH. */
const CDKLOCAL = ['--yes', 'aws-cdk-local@3'];
const READY_TIMEOUT_MS = 180_000;

/** LocalStack's fixed account and region, and the credentials it accepts. */
const LOCALSTACK_AWS = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};

/** cdklocal 3 with aws-cdk >= 2.177 drops every other AWS_* variable unless it is listed here. */
const CDKLOCAL_ENV = {
  ...LOCALSTACK_AWS,
  AWS_ENVAR_ALLOWLIST: Object.keys(LOCALSTACK_AWS).join(','),
  NODE_PATH: resolve(PROJECT_DIR, 'node_modules'),
};

/** The suite reads the token secret from LocalStack's Secrets Manager with the SDK's own configuration. */
const SUITE_ENV = { ...LOCALSTACK_AWS, AWS_ENDPOINT_URL: ENDPOINT };

interface Outcome {
  readonly ok: boolean;
  readonly output: string;
}

function run(command: string, args: readonly string[], env: Record<string, string> = {}): Outcome {
  const result = spawnSync(command, args, {
    cwd: PROJECT_DIR,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return {
    ok: result.status === 0,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`,
  };
}

function runInherited(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: PROJECT_DIR,
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    child.on('error', () => done(1));
    child.on('exit', (code) => done(code ?? 1));
  });
}

/** Every prerequisite that is missing, each with what to do about it; empty when all are there. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  const docker = run('docker', ['--version']);
  if (!docker.ok) {
    missing.push(
      'Docker: the `docker` command is not on PATH. LocalStack runs in a container (and runs the Lambda ' +
        'functions in containers of their own): install Docker Engine or Docker Desktop.',
    );
  } else if (!run('docker', ['info']).ok) {
    missing.push('Docker is installed but its daemon does not answer (`docker info` failed): start it.');
  }
  if ((process.env.LOCALSTACK_AUTH_TOKEN ?? '') === '') {
    missing.push(
      'LOCALSTACK_AUTH_TOKEN: the LocalStack image needs an auth token to start since March 2026, and the ' +
        'WebSocket API (API Gateway v2) and its @connections management API need a paid tier (Base or ' +
        'higher). Get one at https://app.localstack.cloud and export LOCALSTACK_AUTH_TOKEN.',
    );
  }
  const cdklocal = run('npx', [...CDKLOCAL, '--version'], CDKLOCAL_ENV);
  if (!cdklocal.ok || !/cdk cli version/.test(cdklocal.output)) {
    missing.push(
      "cdklocal: `npx --yes aws-cdk-local@3 --version` failed or did not find the project's aws-cdk " +
        `(it needs the npm registry the first time, and NODE_PATH=${CDKLOCAL_ENV.NODE_PATH}):\n    ` +
        cdklocal.output.trim().split('\n').slice(-5).join('\n    '),
    );
  }
  return missing;
}

async function isLocalStackUp(): Promise<boolean> {
  try {
    const response = await fetch(`${ENDPOINT}/_localstack/health`, { signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Starts LocalStack unless one already answers; returns whether this script started it. */
async function ensureLocalStack(): Promise<boolean> {
  if (await isLocalStackUp()) {
    process.stdout.write(`Using the LocalStack at ${ENDPOINT}\n`);
    return false;
  }
  process.stdout.write(`Starting ${IMAGE} as ${CONTAINER}…\n`);
  const started = run('docker', [
    'run',
    '--detach',
    '--rm',
    '--name',
    CONTAINER,
    '--publish',
    '4566:4566',
    '--env',
    'LOCALSTACK_AUTH_TOKEN',
    // Lambda functions run in sibling containers, started through the host's Docker.
    '--volume',
    '/var/run/docker.sock:/var/run/docker.sock',
    IMAGE,
  ]);
  if (!started.ok) throw new Error(`docker run failed:\n${started.output}`);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await isLocalStackUp())) {
    if (Date.now() > deadline) throw new Error(`LocalStack did not answer at ${ENDPOINT} within 3 minutes`);
    await delay(1000);
  }
  return true;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const keep = argv.includes('--keep-localstack');
  const jestArgs = argv.filter((arg) => arg !== '--keep-localstack');
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    process.stderr.write(
      `Cannot test against LocalStack; missing:\n${missing.map((line) => `  - ${line}`).join('\n')}\n`,
    );
    return 1;
  }
  const startedHere = await ensureLocalStack();
  try {
    mkdirSync(resolve(PROJECT_DIR, '.sandbox'), { recursive: true });
    const steps: [string, string[]][] = [
      ['bootstrap', [...CDKLOCAL, 'bootstrap']],
      ['deploy', [...CDKLOCAL, 'deploy', '--require-approval', 'never', '--outputs-file', OUTPUTS_FILE]],
    ];
    for (const [name, args] of steps) {
      process.stdout.write(`\ncdklocal ${name}…\n`);
      const code = await runInherited('npx', args, CDKLOCAL_ENV);
      if (code !== 0) {
        process.stderr.write(`cdklocal ${name} failed (exit ${code})\n`);
        return code;
      }
    }
    process.stdout.write(`\nRunning the e2e suite against ${OUTPUTS_FILE}…\n`);
    return await runInherited(
      'npx',
      ['tsx', 'scripts/e2e.ts', '--outputs', OUTPUTS_FILE, ...jestArgs],
      SUITE_ENV,
    );
  } finally {
    if (startedHere && !keep) run('docker', ['rm', '--force', CONTAINER]);
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}

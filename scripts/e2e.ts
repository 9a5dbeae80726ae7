/**
 * Runs the end-to-end suite:
 *   npm run test:e2e                                   against a sandbox the suite starts itself
 *   npm run test:e2e -- --endpoints .sandbox/endpoints.json   against a running sandbox (`npm start`)
 *   npm run test:e2e -- --outputs cdk-outputs.json     against a deployed stack (AWS or LocalStack)
 * Any other argument goes to Jest, e.g. `-t websocket` or a test file's name.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ENDPOINTS_FILE_VARIABLE, OUTPUTS_FILE_VARIABLE } from '../test/e2e/support/endpoints';

const USAGE =
  'Usage: npm run test:e2e -- [--outputs <cdk-outputs.json> | --endpoints <endpoints.json>] [jest options]';

export interface E2eArguments {
  /** The environment variables that name the target; none means "start a sandbox". */
  readonly env: Readonly<Record<string, string>>;
  readonly jestArgs: readonly string[];
}

const OPTIONS: Readonly<Record<string, string>> = {
  '--outputs': OUTPUTS_FILE_VARIABLE,
  '--endpoints': ENDPOINTS_FILE_VARIABLE,
};

/** Takes our two options (`--x file` or `--x=file`) out of the arguments; the rest is Jest's. */
export function parseE2eArguments(argv: readonly string[], cwd: string): E2eArguments {
  const env: Record<string, string> = {};
  const jestArgs: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const variable = OPTIONS[name];
    if (variable === undefined) {
      jestArgs.push(arg);
      continue;
    }
    const file = inline ?? argv[(index += 1)];
    if (file === undefined || file === '' || file.startsWith('--')) throw new Error(`${name} needs a file`);
    const path = resolve(cwd, file);
    if (!existsSync(path)) throw new Error(`${name}: no file ${path}`);
    env[variable] = path;
  }
  if (Object.keys(env).length > 1) throw new Error('Give --outputs or --endpoints, not both');
  return { env, jestArgs };
}

function main(): void {
  let parsed: E2eArguments;
  try {
    parsed = parseE2eArguments(process.argv.slice(2), process.cwd());
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // An option names the target; without one, E2E_ENDPOINTS or E2E_OUTPUTS from the shell still may.
  const env = { ...process.env };
  if (Object.keys(parsed.env).length > 0) {
    delete env[OUTPUTS_FILE_VARIABLE];
    delete env[ENDPOINTS_FILE_VARIABLE];
  }
  const jest = spawn(
    process.execPath,
    // `--selectProjects` takes every word after it, so it goes last.
    [require.resolve('jest/bin/jest'), ...parsed.jestArgs, '--selectProjects', 'e2e'],
    { stdio: 'inherit', env: { ...env, ...parsed.env } },
  );
  jest.on('exit', (code) => {
    process.exitCode = code ?? 1;
  });
}

if (require.main === module) main();

import { resolve } from 'node:path';
import { ENDPOINTS_FILE_VARIABLE, OUTPUTS_FILE_VARIABLE } from './endpoints';
import { spawnSandbox, stopOnExit, type SandboxProcess } from '../../../scripts/sandbox-process';

const PROJECT_DIR = resolve(__dirname, '..', '..', '..');

/**
 * The suite's sandbox shards any change with more than this many subscribers, so that a test
 * with a few dozen exercises the fan-out queue; a deployment keeps the construct's default.
 */
export const E2E_FANOUT_INLINE_LIMIT = 8;
/** Its own state folder: another context in `.sandbox` would make `npm start` synthesize again. */
const E2E_STATE_DIR = '.sandbox/e2e';
/** Names the suite's own sandbox's state folder (logs included), for the tests that read its logs. */
export const SANDBOX_STATE_DIR_VARIABLE = 'E2E_SANDBOX_STATE_DIR';

/** Shared with the global teardown, which runs in this same process. */
export interface E2eGlobals {
  e2eSandbox?: { readonly process: SandboxProcess; readonly release: () => void };
}

/**
 * With no endpoints given, the suite runs against a sandbox of its own, on free ports. The
 * test files find it through the environment, which the workers inherit.
 */
export default async function globalSetup(): Promise<void> {
  const given = process.env[ENDPOINTS_FILE_VARIABLE] || process.env[OUTPUTS_FILE_VARIABLE];
  if (given) return;
  process.stderr.write('\nStarting a sandbox for the e2e suite (output in .sandbox/e2e-sandbox.log)…\n');
  const sandbox = await spawnSandbox(PROJECT_DIR, {
    logName: 'e2e-sandbox.log',
    args: ['--state-dir', E2E_STATE_DIR, '--context', `fanoutInlineLimit=${E2E_FANOUT_INLINE_LIMIT}`],
  });
  (globalThis as E2eGlobals).e2eSandbox = { process: sandbox, release: stopOnExit(sandbox) };
  process.env[ENDPOINTS_FILE_VARIABLE] = sandbox.endpointsFile;
  process.env[SANDBOX_STATE_DIR_VARIABLE] = resolve(PROJECT_DIR, E2E_STATE_DIR);
}

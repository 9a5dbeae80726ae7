import { resolve } from 'node:path';
import { ENDPOINTS_FILE_VARIABLE, OUTPUTS_FILE_VARIABLE } from './endpoints';
import { spawnSandbox, stopOnExit, type SandboxProcess } from '../../../scripts/sandbox-process';

const PROJECT_DIR = resolve(__dirname, '..', '..', '..');

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
  const sandbox = await spawnSandbox(PROJECT_DIR, { logName: 'e2e-sandbox.log' });
  (globalThis as E2eGlobals).e2eSandbox = { process: sandbox, release: stopOnExit(sandbox) };
  process.env[ENDPOINTS_FILE_VARIABLE] = sandbox.endpointsFile;
}

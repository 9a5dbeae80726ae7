import { ENDPOINTS_FILE_VARIABLE } from './endpoints';
import type { E2eGlobals } from './global-setup';
import { stopSpawnedSandbox } from '../../../scripts/sandbox-process';

export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as E2eGlobals;
  const sandbox = globals.e2eSandbox;
  if (sandbox === undefined) return;
  globals.e2eSandbox = undefined;
  await stopSpawnedSandbox(sandbox.process);
  sandbox.release();
  delete process.env[ENDPOINTS_FILE_VARIABLE];
}

import { ensureSynthesized } from '../../../sandbox/platform/synth';
import { SANDBOX_CONTEXT } from '../../../sandbox/platform/config';
import { PROJECT_DIR, SYNTHESIZED_APP_DIR } from './synthesized-app';

/** Tests of the sandbox read the app's real template, synthesized as `npm start` does it. */
export default async function globalSetup(): Promise<void> {
  await ensureSynthesized({
    projectDir: PROJECT_DIR,
    outDir: SYNTHESIZED_APP_DIR,
    context: SANDBOX_CONTEXT,
    log: (line) => process.stdout.write(`${line}\n`),
  });
}

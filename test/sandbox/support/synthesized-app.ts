import { join } from 'node:path';
import { loadCloudAssembly, type SynthesizedStack } from '../../../sandbox/platform/cloud-assembly';

export const PROJECT_DIR = join(__dirname, '..', '..', '..');

/** The assembly `npm start` runs, synthesized by this project's global setup when it is stale. */
export const SYNTHESIZED_APP_DIR = join(PROJECT_DIR, '.sandbox', 'cdk.out');

/** The app's one stack, as the sandbox reads it. */
export function synthesizedStack(): SynthesizedStack {
  const [stack] = loadCloudAssembly(SYNTHESIZED_APP_DIR);
  return stack;
}

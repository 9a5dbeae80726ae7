/**
 * `npm run test:browser [-- jest options]`: finds Chromium, then runs the browser suite
 * (jest project `browser`) with its path in CHROMIUM_PATH. Without Chromium it says how to
 * install one and fails.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { findChromium, INSTALL_HINT } from '../test/browser/support/find-chromium';

const chromium = findChromium();
if (!chromium.found) {
  process.stderr.write(`${chromium.why}.\n\n${INSTALL_HINT}\n`);
  process.exit(1);
}
const jest = spawnSync('npx', ['jest', '--selectProjects', 'browser', ...process.argv.slice(2)], {
  cwd: resolve(__dirname, '..'),
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium.path },
});
if (jest.error !== undefined) throw jest.error;
process.exit(jest.status ?? 1);

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The names Chromium and Chrome are installed under by Debian, Ubuntu and Google. */
const NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

export type ChromiumLookup =
  { readonly found: true; readonly path: string } | { readonly found: false; readonly why: string };

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `CHROMIUM_PATH` when set (and then it must be executable), else the first of
 * /usr/bin/chromium, chromium-browser, google-chrome found in /usr/bin or on the PATH.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const given = env.CHROMIUM_PATH;
  if (given) {
    return executable(given)
      ? { found: true, path: given }
      : { found: false, why: `CHROMIUM_PATH is ${given}, which is not an executable file` };
  }
  const directories = ['/usr/bin', ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  for (const name of NAMES) {
    for (const directory of directories) {
      const path = join(directory, name);
      if (executable(path)) return { found: true, path };
    }
  }
  return { found: false, why: `None of ${NAMES.join(', ')} is in /usr/bin or on the PATH` };
}

export const INSTALL_HINT = [
  'The browser test needs Chromium. Install it, e.g. on Debian or Ubuntu:',
  '  sudo apt-get install -y chromium',
  'or point CHROMIUM_PATH at a Chromium or Chrome executable:',
  '  CHROMIUM_PATH=/path/to/chrome npm run test:browser',
].join('\n');

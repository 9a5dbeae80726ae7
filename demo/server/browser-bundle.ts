import { build } from 'esbuild';
import { resolve } from 'node:path';

/** Where the page's static files and its TypeScript live. */
export const DEMO_DIR = resolve(__dirname, '..');

/** Bundles the page's TypeScript (and the client it imports) in memory, at the sandbox's start. */
export async function buildBrowserBundle(): Promise<string> {
  const result = await build({
    entryPoints: [resolve(DEMO_DIR, 'src', 'main.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no bundle for the demo page');
  return output.text;
}

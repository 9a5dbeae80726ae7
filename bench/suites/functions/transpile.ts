import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * `lambda/` transpiled file by file (no bundling, no minifying) into `outDir/lambda/`, inside
 * the project so that its requires resolve to the project's node_modules, as they would unbundled.
 */
export async function transpileLambdaSources(projectDir: string, outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  const sources = readdirSync(join(projectDir, 'lambda'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(projectDir, 'lambda', file));
  await build({
    entryPoints: sources,
    outdir: outDir,
    outbase: projectDir,
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  });
}

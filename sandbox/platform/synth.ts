import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The folders and files whose change makes a synthesized assembly out of date. */
const SOURCE_FOLDERS = ['bin', 'lib', 'lambda'] as const;
const SOURCE_FILES = ['cdk.json', 'package-lock.json', 'tsconfig.json'] as const;

/** Written into the assembly folder after a synth, to know which context built it. */
const STAMP_FILE = 'sandbox-synth.json';
/** Held (with the holder's pid) while one process checks and synthesizes the assembly folder. */
const LOCK_FILE = 'sandbox-synth.lock';
const LOCK_POLL_MS = 500;
const LOCK_TIMEOUT_MS = 10 * 60_000;

export interface AssemblyState {
  /** The assembly's manifest.json modification time, or undefined when there is none. */
  readonly manifestMtimeMs: number | undefined;
  /** The newest source, or undefined when the project has none of them. */
  readonly newestSource: { readonly path: string; readonly mtimeMs: number } | undefined;
  /** The context the assembly was synthesized with, or undefined when no stamp records it. */
  readonly stampedContext: Readonly<Record<string, string>> | undefined;
}

/** Why the assembly must be synthesized again, or undefined when it is up to date. */
export function stalenessReason(
  state: AssemblyState,
  context: Readonly<Record<string, string>>,
): string | undefined {
  if (state.manifestMtimeMs === undefined) return 'no synthesized assembly yet';
  if (state.newestSource !== undefined && state.newestSource.mtimeMs > state.manifestMtimeMs) {
    return `${state.newestSource.path} changed since the last synth`;
  }
  if (state.stampedContext === undefined) return 'the assembly was not synthesized by the sandbox';
  if (!sameContext(state.stampedContext, context)) return 'the context differs from the last synth';
  return undefined;
}

function sameContext(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

function mtimeOf(path: string): number | undefined {
  return existsSync(path) ? statSync(path).mtimeMs : undefined;
}

/** The most recently modified file among the project's sources. */
export function newestSource(projectDir: string): AssemblyState['newestSource'] {
  const candidates: string[] = [...SOURCE_FILES];
  for (const folder of SOURCE_FOLDERS) {
    if (!existsSync(join(projectDir, folder))) continue;
    for (const entry of readdirSync(join(projectDir, folder), { recursive: true, encoding: 'utf8' })) {
      candidates.push(join(folder, entry));
    }
  }
  let newest: AssemblyState['newestSource'];
  for (const path of candidates) {
    const full = join(projectDir, path);
    if (!existsSync(full)) continue;
    const stats = statSync(full);
    if (stats.isFile() && (newest === undefined || stats.mtimeMs > newest.mtimeMs)) {
      newest = { path, mtimeMs: stats.mtimeMs };
    }
  }
  return newest;
}

function readStamp(outDir: string): Record<string, string> | undefined {
  try {
    const stamp = JSON.parse(readFileSync(join(outDir, STAMP_FILE), 'utf8')) as { context?: unknown };
    const context = stamp.context;
    if (typeof context !== 'object' || context === null) return undefined;
    return Object.fromEntries(Object.entries(context).map(([key, value]) => [key, String(value)]));
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock, or says which live process holds it; a dead holder's lock is taken over. */
function tryLock(lock: string): number | undefined {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number(readFileSync(lock, 'utf8'));
  if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) return holder;
  rmSync(lock, { force: true });
  return tryLock(lock);
}

/**
 * Runs `work` while no other sandbox process synthesizes into the same folder: the CDK CLI
 * refuses a second synth into a folder, and test runs or two `npm start` can start together.
 */
async function whileLocked<T>(
  outDir: string,
  log: (line: string) => void,
  work: () => Promise<T>,
): Promise<T> {
  mkdirSync(outDir, { recursive: true });
  const lock = join(outDir, LOCK_FILE);
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let holder = tryLock(lock);
  if (holder !== undefined) log(`Waiting for process ${holder}, which is synthesizing into ${outDir}…`);
  while (holder !== undefined) {
    if (Date.now() > deadline) throw new Error(`Process ${holder} has held ${lock} for too long`);
    await sleep(LOCK_POLL_MS);
    holder = tryLock(lock);
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

function runCdk(projectDir: string, args: readonly string[]): Promise<CliResult> {
  return new Promise((settle, reject) => {
    const child = spawn('npx', ['cdk', ...args], {
      cwd: projectDir,
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      settle({ code, signal, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

export interface SynthOptions {
  readonly projectDir: string;
  readonly outDir: string;
  /** CDK context values, passed as `-c key=value`. */
  readonly context: Readonly<Record<string, string>>;
  readonly log: (line: string) => void;
}

/**
 * Synthesizes the app into `outDir` unless the assembly there is up to date with the sources
 * and the context. The CLI's output is shown only when it fails, inside the thrown error.
 */
export async function ensureSynthesized({
  projectDir,
  outDir: givenOutDir,
  context,
  log,
}: SynthOptions): Promise<{ synthesized: boolean }> {
  const outDir = resolve(givenOutDir);
  return whileLocked(outDir, log, async () => {
    const reason = stalenessReason(
      {
        manifestMtimeMs: mtimeOf(join(outDir, 'manifest.json')),
        newestSource: newestSource(projectDir),
        stampedContext: readStamp(outDir),
      },
      context,
    );
    if (reason === undefined) {
      log(`Assembly in ${outDir} is up to date`);
      return { synthesized: false };
    }
    log(`Synthesizing the app into ${outDir} (${reason})…`);
    // A synth that fails halfway must not leave the previous stamp vouching for the folder.
    rmSync(join(outDir, STAMP_FILE), { force: true });
    const contextArgs = Object.entries(context).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
    const { code, signal, output } = await runCdk(projectDir, [
      'synth',
      '--no-notices',
      '--quiet',
      '-o',
      outDir,
      ...contextArgs,
    ]);
    if (code !== 0) {
      const ending = code === null ? `was killed by ${signal}` : `failed with exit code ${code}`;
      throw new Error(`cdk synth ${ending}:\n${output.trimEnd()}`);
    }
    writeFileSync(join(outDir, STAMP_FILE), `${JSON.stringify({ context }, null, 2)}\n`);
    return { synthesized: true };
  });
}

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { SandboxEndpoints } from '../sandbox';

/** The first start may synthesize the app (`cdk synth`), which takes minutes on a small machine. */
const READY_TIMEOUT_MS = 240_000;
const STOP_GRACE_MS = 20_000;

export interface SandboxProcess {
  readonly child: ChildProcess;
  /** The parsed endpoints file. */
  readonly endpoints: SandboxEndpoints;
  readonly endpointsFile: string;
  readonly logFile: string;
  readonly tempDir: string;
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function tailOf(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

/** The endpoints file once the sandbox has written all of it. */
function readyEndpoints(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { restUrl?: unknown };
    return typeof json.restUrl === 'string';
  } catch {
    return false;
  }
}

/** Whether any process of the group led by `pid` is still running. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

export interface StartOptions {
  /** The output's file name in `.sandbox/`. */
  readonly logName: string;
  /** More command-line options (see `sandbox/platform/config.ts`). */
  readonly args?: readonly string[];
}

/**
 * Starts `sandbox/main.ts --ports auto` with tsx's loader, in one process (so its pid is the
 * server's) and in a process group of its own (so that it and every child it starts can be
 * stopped together), with its output in `.sandbox/`, and waits until it has written its
 * endpoints file. For the suites and the benchmarks, which need a
 * sandbox of their own beside any the user runs.
 */
export async function spawnSandbox(projectDir: string, options: StartOptions): Promise<SandboxProcess> {
  const tempDir = mkdtempSync(join(tmpdir(), 'realtime-checks-sandbox-'));
  const endpointsFile = join(tempDir, 'endpoints.json');
  const logDir = join(projectDir, '.sandbox');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, options.logName);
  const log = openSync(logFile, 'w');
  let child: ChildProcess;
  const args = ['--import', 'tsx', 'sandbox/main.ts', '--ports', 'auto', '--endpoints-file', endpointsFile];
  try {
    child = spawn(process.execPath, [...args, ...(options.args ?? [])], {
      cwd: projectDir,
      detached: true,
      stdio: ['ignore', log, log],
      env: process.env,
    });
  } finally {
    closeSync(log);
  }
  const starting = { child, endpointsFile, logFile, tempDir };
  const failure = (why: string) =>
    new Error(`${why}. Its output (${relative(projectDir, logFile)}) ends with:\n${tailOf(logFile)}`);
  try {
    const exited = exitOf(child);
    let exit: Exit | undefined;
    void exited.then((value) => {
      exit = value;
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!readyEndpoints(endpointsFile)) {
      if (exit !== undefined) {
        throw failure(`The sandbox exited (code ${exit.code}, signal ${exit.signal}) before it was ready`);
      }
      if (Date.now() > deadline)
        throw failure(`The sandbox was not ready within ${READY_TIMEOUT_MS / 1000} s`);
      await delay(250);
    }
  } catch (error) {
    await stopSpawnedSandbox(starting);
    throw error;
  }
  const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8')) as SandboxEndpoints;
  return { ...starting, endpoints };
}

/** SIGTERM to the whole group, then SIGKILL to what is left after the grace period. */
export async function stopSpawnedSandbox(
  sandbox: Pick<SandboxProcess, 'child' | 'tempDir'>,
  graceMs = STOP_GRACE_MS,
): Promise<void> {
  const { pid } = sandbox.child;
  if (pid !== undefined) {
    signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (groupAlive(pid) && Date.now() < deadline) await delay(100);
    if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
    await exitOf(sandbox.child);
  }
  rmSync(sandbox.tempDir, { recursive: true, force: true });
}

/**
 * The sandbox runs in its own process group, so Ctrl+C in a terminal does not reach it: when
 * this process ends or is interrupted before the global teardown, the group is told to stop.
 */
export function stopOnExit(sandbox: Pick<SandboxProcess, 'child'>): () => void {
  const { pid } = sandbox.child;
  if (pid === undefined) return () => undefined;
  const onExit = () => signalGroup(pid, 'SIGTERM');
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.once('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

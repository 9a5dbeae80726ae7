import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { spawnSandbox, stopSpawnedSandbox, type SandboxProcess } from '../../../scripts/sandbox-process';
import { PROJECT_DIR } from '../support/synthesized-app';

jest.setTimeout(300_000);

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

function exitOf(sandbox: SandboxProcess): Promise<Exit> {
  const { child } = sandbox;
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function javaChildOf(pid: number): number {
  const { stdout } = spawnSync('pgrep', ['-P', String(pid), '-x', 'java'], { encoding: 'utf8' });
  const [javaPid] = stdout.trim().split('\n').map(Number);
  if (!Number.isInteger(javaPid) || javaPid <= 0) throw new Error(`No Java child of ${pid}: "${stdout}"`);
  return javaPid;
}

/** Whether any process of the group led by `pid` still runs a few seconds on (esbuild's take a moment). */
async function groupOutlives(pid: number): Promise<boolean> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    try {
      process.kill(-pid, 0);
    } catch {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

let sandbox: SandboxProcess | undefined;

afterEach(async () => {
  if (sandbox !== undefined) await stopSpawnedSandbox(sandbox);
  sandbox = undefined;
});

describe('the sandbox process (npm start)', () => {
  it('stops everything and exits 1, naming DynamoDB Local and how it ended, when Java is killed', async () => {
    sandbox = await spawnSandbox(PROJECT_DIR, { logName: 'test-engine-ends.log' });
    const pid = sandbox.child.pid as number;
    const exited = exitOf(sandbox);
    process.kill(javaChildOf(pid), 'SIGKILL');

    expect(await exited).toEqual({ code: 1, signal: null });
    const output = readFileSync(sandbox.logFile, 'utf8');
    expect(output).toContain('DynamoDB Local was killed by SIGKILL; stopping the sandbox…');
    expect(output).toMatch(
      /DynamoDB Local was killed by SIGKILL while the sandbox ran, so the sandbox stopped\. Its last output:\n {2}.*\n/,
    );
    expect(await groupOutlives(pid)).toBe(false);
  });

  // Ctrl+C signals the whole process group, and npm and tsx pass the signal on again.
  it('says "Stopped." and exits 0 when SIGINT comes more than once', async () => {
    sandbox = await spawnSandbox(PROJECT_DIR, { logName: 'test-sigint-twice.log' });
    const exited = exitOf(sandbox);
    sandbox.child.kill('SIGINT');
    sandbox.child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    sandbox.child.kill('SIGINT');

    expect(await exited).toEqual({ code: 0, signal: null });
    const lines = readFileSync(sandbox.logFile, 'utf8').trimEnd().split('\n');
    expect(lines.filter((line) => line === 'SIGINT: stopping…')).toHaveLength(1);
    expect(lines.at(-1)).toBe('Stopped.');
  });
});

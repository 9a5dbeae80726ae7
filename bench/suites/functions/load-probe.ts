import { spawn } from 'node:child_process';

/**
 * Runs in a fresh `node` (no tsx, no loader): requires the `before` files untimed, then times
 * `require()` of the `timed` files, then lists every module loaded, each with the modules it
 * required. The Lambda runtime defines the \`awslambda\` global before loading a handler
 * (response streaming needs it), so this does too.
 */
const PROBE = `
globalThis.awslambda = { streamifyResponse: (handler) => handler, HttpResponseStream: { from: (stream) => stream } };
const { before, timed } = JSON.parse(process.argv[1]);
for (const file of before) require(file);
const start = process.hrtime.bigint();
for (const file of timed) require(file);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const modules = Object.values(require.cache).map((m) => ({ file: m.filename, children: m.children.map((c) => c.filename) }));
process.stdout.write(JSON.stringify({ ms, modules }), () => process.exit(0));
`;

export interface LoadedModule {
  readonly file: string;
  readonly children: readonly string[];
}

export interface Load {
  readonly ms: number;
  readonly modules: readonly LoadedModule[];
}

export interface ProbePlan {
  /** Required before the timer starts, e.g. the AWS SDK, to time the rest apart from it. */
  readonly before?: readonly string[];
  /** Required, in order, while the timer runs. */
  readonly timed: readonly string[];
}

export function probeLoad(plan: ProbePlan, env: NodeJS.ProcessEnv, cwd: string): Promise<Load> {
  const files = JSON.stringify({ before: plan.before ?? [], timed: plan.timed });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', PROBE, files], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        return reject(
          new Error(
            `Loading ${plan.timed.join(', ')} failed (exit ${code}): ${Buffer.concat(err).toString().slice(-2000)}`,
          ),
        );
      resolve(JSON.parse(Buffer.concat(out).toString()) as Load);
    });
  });
}

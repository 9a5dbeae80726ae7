import type { BenchContext } from '../../suite';
import { startBareServer } from '../../ws/bare-server-process';
import { ClientPool } from '../../ws/client-pool';
import { nowMs } from '../../process/clock';
import { collectGarbage } from '../../process/collect-garbage';
import { childProcessesOf, steadyResidentBytes, type SampleOptions } from '../../process/process-memory';
import { authorizedWsUrl } from '../fanout/sandbox-api';
import { heldMemory } from './held-memory';
import type { ConnectionsResult, HeldMemory } from './result';

/**
 * Connections opened first and kept, a quarter as many as measured: every Lambda environment
 * that `$connect` uses exists, and has run enough invocations to reach its working size,
 * before the baseline, so the figure is the connections' alone.
 */
export function warmupFor(connections: number): number {
  return Math.max(200, Math.ceil(connections / 4));
}
/** Five readings a second apart within 0.5 % of each other, waiting at most 45 s for them. */
const SAMPLING: SampleOptions = { intervalMs: 1_000, window: 5, tolerance: 0.005, maxMs: 45_000 };

interface Holder {
  readonly label: string;
  readonly url: string;
  /** The processes whose memory counts, read at each sample. */
  readonly pids: () => readonly number[];
}

interface Measured {
  readonly memory: Map<string, HeldMemory>;
}

/** Twice: what the first collection frees may hold more that only the second can. */
async function collectTwice(pid: number): Promise<void> {
  await collectGarbage(pid);
  await collectGarbage(pid);
}

/**
 * Opens the warm-up connections, collects the garbage of the Node process that holds the
 * sockets, samples, opens N more idle ones, collects and samples again, then closes them
 * all. Each of `holders` is sampled at the same moments (a server and its database).
 */
async function measure(
  context: BenchContext,
  url: string,
  serverPid: number,
  holders: readonly Holder[],
  connections: number,
): Promise<Measured> {
  const { progress } = context;
  const pools: ClientPool[] = [];
  try {
    pools.push(await ClientPool.open(url, warmupFor(connections)));
    await collectTwice(serverPid);
    const before = await Promise.all(holders.map((holder) => steadyResidentBytes(holder.pids, SAMPLING)));
    const started = nowMs();
    pools.push(
      await ClientPool.open(url, connections, { onProgress: (done, total) => progress.tick(done, total) }),
    );
    const connectMs = nowMs() - started;
    await collectTwice(serverPid);
    const after = await Promise.all(holders.map((holder) => steadyResidentBytes(holder.pids, SAMPLING)));
    return {
      memory: new Map(
        holders.map((holder, index) => [
          holder.label,
          heldMemory(before[index], after[index], connections, connectMs),
        ]),
      ),
    };
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
}

function measured(result: Measured, label: string): HeldMemory {
  const memory = result.memory.get(label);
  if (memory === undefined) throw new Error(`Nothing measured for ${label}`);
  return memory;
}

/** The memory per idle connection: a bare `ws` server, then the sandbox, at the same N. */
export async function runConnections(context: BenchContext): Promise<ConnectionsResult> {
  const { idleConnections: connections } = context.options;
  const { progress } = context;

  progress.step(`connections: bare ws server, N = ${connections}`);
  const server = await startBareServer();
  let bare: Measured;
  try {
    bare = await measure(
      context,
      server.url,
      server.pid,
      [{ label: 'bare', url: server.url, pids: () => [server.pid] }],
      connections,
    );
  } finally {
    await server.stop();
  }

  progress.step(`connections: sandbox, N = ${connections}`);
  const sandbox = await context.startSandbox();
  let held: Measured;
  try {
    const url = authorizedWsUrl(sandbox.endpoints);
    held = await measure(
      context,
      url,
      sandbox.serverPid,
      [
        { label: 'sandbox', url, pids: () => [sandbox.serverPid] },
        { label: 'dynamodb', url, pids: () => childProcessesOf(sandbox.serverPid, 'java') },
      ],
      connections,
    );
  } finally {
    await sandbox.stop();
  }
  return {
    connections,
    warmup: warmupFor(connections),
    sandbox: measured(held, 'sandbox'),
    dynamodb: measured(held, 'dynamodb'),
    bare: measured(bare, 'bare'),
  };
}

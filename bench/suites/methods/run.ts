import { cpus, freemem, totalmem } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import pidusage from 'pidusage';
import { LONG_POLL_BACKOFF } from '../../../lambda/checks/wait-for-change';
import { SSE_BACKOFF } from '../../../lambda/checks/sse';
import type { BenchContext, BenchSandbox } from '../../suite';
import { runMethod } from './measure';
import {
  FREE_METHODS,
  HELD_METHODS,
  heldConcurrency,
  needsWarmup,
  STEP_MS,
  stepsOf,
  warmupStepMs,
} from './plan';
import { checkEventsLogReader } from './sandbox-logs';
import { METHOD_LABELS, type MethodFigures, type MethodName, type MethodsResult } from './types';

/** The sandbox's default (`--lambda-concurrency`) and its stream poll interval, which the run keeps. */
const DEFAULT_CONCURRENCY = 10;
const STREAM_POLL_MS = 250;
/** Held clients' environments may take this share of the memory free before the run, no more. */
const MEMORY_SHARE = 0.6;
const MB = 1024 * 1024;

/** Below this share of one core the sandbox has finished the previous run's leftovers (disconnects, deliveries). */
const SETTLED_CPU_PERCENT = 15;
const SETTLE_LIMIT_MS = 20_000;

type Skipped = MethodsResult['skipped'][number];

/** Waits until the sandbox is idle again, so one run's tail (1,000 $disconnects) does not land in the next. */
async function settle(pid: number): Promise<void> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  await pidusage(pid);
  do {
    await delay(500);
  } while ((await pidusage(pid)).cpu > SETTLED_CPU_PERCENT && Date.now() < deadline);
}

async function rssOf(pid: number): Promise<number> {
  return (await pidusage(pid)).memory;
}

/** Without a measurement at a smaller N, at most this many held clients are tried. */
const UNSIZED_HELD_LIMIT = 200;

/** Why N held clients would not fit this machine, or undefined when they would. */
function tooLarge(n: number, mbPerEnvironment: number | undefined, memoryFree: number): string | undefined {
  if (mbPerEnvironment === undefined) {
    return n > UNSIZED_HELD_LIMIT
      ? `${n} held invocations need ${n} execution environments (worker threads), and no smaller N was run first to measure what one costs`
      : undefined;
  }
  if (n * mbPerEnvironment * MB <= MEMORY_SHARE * memoryFree) return undefined;
  return (
    `${n} held invocations need ${n} execution environments (worker threads); at the ` +
    `${mbPerEnvironment.toFixed(1)} MB each measured at the previous N, that is ` +
    `${((n * mbPerEnvironment) / 1024).toFixed(1)} GB, more than ${MEMORY_SHARE * 100}% of the ` +
    `${(memoryFree / 1024 ** 3).toFixed(1)} GB free on this machine`
  );
}

interface GroupRun {
  readonly methods: readonly MethodName[];
  readonly concurrency: number;
}

/**
 * Runs each method at each N on a sandbox of its group: the methods whose clients hold a
 * Lambda invocation each (long polling, SSE) on one with an environment per client, the
 * others on the default. A discarded run first starts the environments the measured one
 * needs, so cold starts fall outside the measurement; for the held methods it also shows
 * what an environment costs the sandbox in memory.
 */
export async function runMethods(context: BenchContext): Promise<MethodsResult> {
  const { options, progress, projectDir } = context;
  const clients = [...options.clients].sort((a, b) => a - b);
  const updates = options.updates;
  const runs: MethodFigures[] = [];
  const skipped: Skipped[] = [];
  const memoryFree = freemem();
  const groups: GroupRun[] = [
    { methods: FREE_METHODS, concurrency: DEFAULT_CONCURRENCY },
    { methods: HELD_METHODS, concurrency: heldConcurrency(clients) },
  ];
  const streamReads = checkEventsLogReader(projectDir);
  for (const group of groups) {
    const args =
      group.concurrency === DEFAULT_CONCURRENCY ? [] : ['--lambda-concurrency', String(group.concurrency)];
    const sandbox: BenchSandbox = await context.startSandbox({ args });
    try {
      const { restUrl, wsUrl, appSyncEvents } = sandbox.endpoints;
      // The group's methods share one sandbox, and Connect's two encodings one function, whose
      // environments a later method finds warm: its own growth would then understate the cost.
      let groupMbPerEnvironment: number | undefined;
      for (const method of group.methods) {
        let mbPerEnvironment = groupMbPerEnvironment;
        let warmed = 0;
        for (const n of clients) {
          const label = `methods: ${METHOD_LABELS[method]}, N = ${n}`;
          const held = HELD_METHODS.includes(method);
          const why = held ? tooLarge(n, mbPerEnvironment, memoryFree) : undefined;
          if (why !== undefined) {
            skipped.push({ method, clients: n, why });
            progress.note(`${label}: skipped, ${why}`);
            continue;
          }
          const base = {
            method,
            clients: n,
            restUrl,
            wsUrl,
            appSyncEvents,
            lambdaConcurrency: group.concurrency,
            streamReads,
            projectDir,
          };
          if (needsWarmup(method, n === clients[0])) {
            progress.step(`${label} (warming up)`);
            const before = await rssOf(sandbox.serverPid);
            await runMethod({ ...base, steps: 1, stepMs: warmupStepMs(method, n) });
            const grownMb = ((await rssOf(sandbox.serverPid)) - before) / MB;
            // Environments stay warm, so only those beyond the previous N are new.
            if (held && n - warmed >= 10) {
              mbPerEnvironment = Math.max(mbPerEnvironment ?? 0, grownMb / (n - warmed));
              groupMbPerEnvironment = Math.max(groupMbPerEnvironment ?? 0, mbPerEnvironment);
            }
            warmed = Math.max(warmed, n);
          }
          await settle(sandbox.serverPid);
          progress.step(label);
          const figures = await runMethod({ ...base, steps: stepsOf(method, n, updates), stepMs: STEP_MS });
          runs.push(
            held && mbPerEnvironment !== undefined
              ? { ...figures, rssPerHeldClientMb: mbPerEnvironment }
              : figures,
          );
          const p99 = figures.delay?.p99;
          progress.note(
            `${label}: p99 delay ${p99 === undefined ? 'n/a' : `${p99} ms`}, ${figures.delivered} delivered`,
          );
        }
      }
    } finally {
      await sandbox.stop();
    }
  }
  return {
    updates,
    stepMs: STEP_MS,
    streamPollMs: STREAM_POLL_MS,
    longPollBackoff: LONG_POLL_BACKOFF,
    sseBackoff: SSE_BACKOFF,
    runs,
    skipped,
    machine: { cpus: cpus().length, memoryGb: totalmem() / 1024 ** 3 },
  };
}

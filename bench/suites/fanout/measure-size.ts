import { setTimeout as delay } from 'node:timers/promises';
import type { CheckCloudEvent } from '../../../lambda/shared/cloud-event';
import type { BenchContext, BenchSandbox } from '../../suite';
import { startBareServer } from '../../ws/bare-server-process';
import { ClientPool } from '../../ws/client-pool';
import { nowMs } from '../../process/clock';
import { bestConcurrency } from './best-concurrency';
import { deliveryTiming, type DeliveryTiming } from './delivery-timing';
import type { DirectPoster } from './direct-poster-process';
import type { DirectCeiling, FanoutSize } from './result';
import { authorizedWsUrl, callbackUrlOf, createCheck, getCheck, openConnectionIds } from './sandbox-api';
import { stepMsFor, stepsFor } from './step-interval';
import { taggedId, taggedPayload } from './tagged-payload';

/** The direct client's concurrencies; the best is kept. The notifier's default is 50. */
export const DIRECT_CONCURRENCIES = [10, 25, 50, 100, 200] as const;
const SUBSCRIBE_WINDOW = 200;
const SUBSCRIBE_PER_CONNECT = 2.5;

function deliveryTimeoutMs(subscribers: number): number {
  return 60_000 + subscribers * 10;
}

interface NotifierRuns {
  readonly runs: DeliveryTiming[];
  /** The last change's CloudEvent as the clients received it: the ceilings send the same. */
  readonly eventText: string;
  readonly eventId: string;
}

/**
 * Times each change after `afterVersion` until the check ends or `runs` are timed, then waits
 * for the check's last change, so the notifier is idle when the ceilings run.
 */
async function timeNotifier(
  context: BenchContext,
  sandbox: BenchSandbox,
  pool: ClientPool,
  checkId: string,
  afterVersion: number,
  stepMs: number,
): Promise<NotifierRuns> {
  const { runs: wanted } = context.options;
  const runs: DeliveryTiming[] = [];
  let last: CheckCloudEvent | undefined;
  let eventText = '';
  for (let version = afterVersion + 1; ; version += 1) {
    const key = `${checkId}:${version}`;
    await pool.waitFor(key, pool.size, stepMs + deliveryTimeoutMs(pool.size));
    eventText = pool.lastText(key) ?? '';
    last = JSON.parse(eventText) as CheckCloudEvent;
    if (runs.length < wanted) {
      const timing = deliveryTiming(Date.parse(last.time), pool.times(key));
      runs.push(timing);
      context.progress.tick(runs.length, wanted);
    }
    pool.forget(key);
    if (last.data.status !== 'processing') break;
  }
  if (runs.length === 0) throw new Error(`No change of check ${checkId} came after the subscriptions`);
  const check = await getCheck(sandbox.endpoints, checkId);
  if (check.version !== last.data.version) throw new Error(`Check ${checkId} moved past its final version`);
  return { runs, eventText, eventId: last.id };
}

async function timeDirect(
  context: BenchContext,
  sandbox: BenchSandbox,
  poster: DirectPoster,
  pool: ClientPool,
  notifier: NotifierRuns,
): Promise<DirectCeiling> {
  const connectionIds = await openConnectionIds(sandbox.endpoints);
  if (connectionIds.length !== pool.size) {
    throw new Error(`The sandbox has ${connectionIds.length} open connections, the bench ${pool.size}`);
  }
  const byConcurrency = DIRECT_CONCURRENCIES.map((concurrency) => ({
    concurrency,
    runs: [] as DeliveryTiming[],
    answeredMs: [] as number[],
  }));
  const { runs } = context.options;
  for (let run = 0; run < runs; run += 1) {
    // Concurrencies interleaved, so a drift of the machine spreads over all of them.
    for (const entry of byConcurrency) {
      const tag = `direct-${entry.concurrency}-${run}`;
      const key = taggedId(notifier.eventId, tag);
      const round = await poster.post({
        callbackUrl: callbackUrlOf(sandbox.endpoints),
        connectionIds,
        payload: taggedPayload(notifier.eventText, tag),
        concurrency: entry.concurrency,
      });
      if (round.ok !== connectionIds.length) {
        throw new Error(
          `Direct posts failed at concurrency ${entry.concurrency}: ${JSON.stringify(round.failed)}`,
        );
      }
      await pool.waitFor(key, pool.size, deliveryTimeoutMs(pool.size));
      entry.runs.push(deliveryTiming(round.startedAt, pool.times(key)));
      entry.answeredMs.push(round.answeredAt - round.startedAt);
      pool.forget(key);
    }
    context.progress.tick(run + 1, runs);
  }
  const best = bestConcurrency(byConcurrency, (timing) => timing.perSecondFromFirst);
  return { best: best.concurrency, byConcurrency };
}

async function timeRaw(context: BenchContext, subscribers: number, notifier: NotifierRuns) {
  const server = await startBareServer();
  const runs: DeliveryTiming[] = [];
  let pool: ClientPool | undefined;
  try {
    pool = await ClientPool.open(server.url, subscribers);
    for (let run = 0; run < context.options.runs; run += 1) {
      const tag = `raw-${run}`;
      const key = taggedId(notifier.eventId, tag);
      const { startedAt } = await server.broadcast(taggedPayload(notifier.eventText, tag));
      await pool.waitFor(key, subscribers, deliveryTimeoutMs(subscribers));
      runs.push(deliveryTiming(startedAt, pool.times(key)));
      pool.forget(key);
      context.progress.tick(run + 1, context.options.runs);
    }
  } finally {
    await pool?.close();
    await server.stop();
  }
  return runs;
}

/**
 * One fan-out size: N subscribers of one check, its next changes through the notifier, then
 * the same payload to the same N connections through `@connections` directly, then from a
 * bare `ws` server to N clients of its own.
 */
export async function measureSize(
  context: BenchContext,
  sandbox: BenchSandbox,
  poster: DirectPoster,
  subscribers: number,
): Promise<FanoutSize> {
  const { progress } = context;
  progress.step(`fanout: N = ${subscribers}, connecting`);
  const connectStart = nowMs();
  const pool = await ClientPool.open(authorizedWsUrl(sandbox.endpoints), subscribers, {
    onProgress: (done, total) => progress.tick(done, total),
  });
  try {
    const connectMs = nowMs() - connectStart;
    const stepMs = stepMsFor(subscribers);
    // Subscribing costs up to twice what connecting did (one invocation per client, three
    // table calls against two), and the check steps meanwhile: it gets enough steps to
    // outlast that and still change `runs` times.
    const steps = stepsFor(context.options.runs, connectMs * SUBSCRIBE_PER_CONNECT, stepMs);
    const check = await createCheck(sandbox.endpoints, steps, stepMs);
    progress.step(`fanout: N = ${subscribers}, subscribing`);
    const subscribeStart = nowMs();
    await pool.requestAll(
      JSON.stringify({ action: 'subscribe', checkId: check.id }),
      'subscribed',
      SUBSCRIBE_WINDOW,
      deliveryTimeoutMs(subscribers),
    );
    const subscribeMs = nowMs() - subscribeStart;
    const { version, status } = await getCheck(sandbox.endpoints, check.id);
    if (status !== 'processing') {
      throw new Error(
        `Check ${check.id} ended (${steps} steps of ${stepMs} ms) before its ${subscribers} subscriptions (${Math.round(subscribeMs)} ms)`,
      );
    }
    progress.step(`fanout: N = ${subscribers}, through the notifier (a change every ${stepMs} ms)`);
    const notifier = await timeNotifier(context, sandbox, pool, check.id, version, stepMs);
    progress.step(`fanout: N = ${subscribers}, direct @connections`);
    const direct = await timeDirect(context, sandbox, poster, pool, notifier);
    progress.step(`fanout: N = ${subscribers}, raw ws broadcast`);
    const raw = await timeRaw(context, subscribers, notifier);
    return {
      subscribers,
      payloadBytes: Buffer.byteLength(notifier.eventText),
      connectMs,
      subscribeMs,
      stepMs,
      notifier: notifier.runs,
      direct,
      raw,
    };
  } finally {
    await pool.close();
    // Let the sandbox run the `$disconnect`s before the next size connects.
    await delay(Math.min(10_000, subscribers * 2));
  }
}

import { setTimeout as delay } from 'node:timers/promises';
import type { BenchContext, BenchSandbox } from '../../suite';
import { openDescriptors } from '../../process/descriptor-capacity';
import { nowMs } from '../../process/clock';
import { startBareServer } from '../../ws/bare-server-process';
import { ClientFleet } from '../../ws/client-fleet';
import { ClientPool } from '../../ws/client-pool';
import { bestConcurrency } from './best-concurrency';
import { deliveryTiming, type DeliveryTiming } from './delivery-timing';
import type { DirectPoster } from './direct-poster-process';
import { classifyDelays } from './in-flight';
import { changesAfterSubscribing, deliveryTimeoutMs, timeNotifier, type NotifierRuns } from './notifier-runs';
import type { AppSyncFanout, DirectCeiling, FanoutSize, SecondCheckDelays } from './result';
import { authorizedWsUrl, callbackUrlOf, createCheck, getCheck, openConnectionIds } from './sandbox-api';
import { runSmallChecks } from './small-checks';
import { outlastsSubscribing, stepMsFor, stepsFor } from './step-interval';
import { appSyncEventsTarget, webSocketTarget, type SubscriptionTarget } from './subscription-target';
import { taggedId, taggedPayload } from './tagged-payload';
import type { SocketDialect } from '../../ws/socket-dialect';

/** The direct client's concurrencies; the best is kept. The notifier's default is 50. */
export const DIRECT_CONCURRENCIES = [10, 25, 50, 100, 200] as const;
const SUBSCRIBE_WINDOW = 200;
const SUBSCRIBE_PER_CONNECT = 2.5;
/** The second check's subscribers: a few, so its own fan-out is negligible. */
const SMALL_SUBSCRIBERS = 3;
/** A check that ended before its subscriptions gives no sample: this many tries for one that does not. */
const BASELINE_MAX_CHECKS = 3;

/** The next loopback source address no pool has used yet (their ports may be in TIME_WAIT). */
export interface AddressCursor {
  next: number;
}

async function openFleet(
  url: string,
  count: number,
  addresses: AddressCursor,
  onProgress?: (done: number, total: number) => void,
  dialect?: SocketDialect,
): Promise<ClientFleet> {
  const fleet = await ClientFleet.open(url, count, { firstAddress: addresses.next, onProgress, dialect });
  addresses.next += fleet.shares.length;
  return fleet;
}

async function timeDirect(
  context: BenchContext,
  sandbox: BenchSandbox,
  poster: DirectPoster,
  fleet: ClientFleet,
  notifier: NotifierRuns,
): Promise<DirectCeiling> {
  const connectionIds = await openConnectionIds(sandbox.endpoints);
  if (connectionIds.length !== fleet.size) {
    throw new Error(`The sandbox has ${connectionIds.length} open connections, the bench ${fleet.size}`);
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
      await fleet.waitForAll(key, deliveryTimeoutMs(fleet.size));
      entry.runs.push(deliveryTiming(round.startedAt, await fleet.times(key)));
      entry.answeredMs.push(round.answeredAt - round.startedAt);
      await fleet.forget(key);
    }
    context.progress.tick(run + 1, runs);
  }
  const best = bestConcurrency(byConcurrency, (timing) => timing.perSecondFromFirst);
  return { best: best.concurrency, byConcurrency };
}

async function timeRaw(
  context: BenchContext,
  subscribers: number,
  notifier: NotifierRuns,
  addresses: AddressCursor,
): Promise<DeliveryTiming[]> {
  const server = await startBareServer();
  const runs: DeliveryTiming[] = [];
  let fleet: ClientFleet | undefined;
  try {
    fleet = await openFleet(server.url, subscribers, addresses);
    for (let run = 0; run < context.options.runs; run += 1) {
      const tag = `raw-${run}`;
      const key = taggedId(notifier.eventId, tag);
      const { startedAt } = await server.broadcast(taggedPayload(notifier.eventText, tag));
      await fleet.waitForAll(key, deliveryTimeoutMs(subscribers));
      runs.push(deliveryTiming(startedAt, await fleet.times(key)));
      await fleet.forget(key);
      context.progress.tick(run + 1, context.options.runs);
    }
  } finally {
    await fleet?.close();
    await server.stop();
  }
  return runs;
}

export interface SubscribedFleet {
  readonly fleet: ClientFleet;
  readonly checkId: string;
  readonly version: number;
  readonly stepMs: number;
  readonly connectMs: number;
  readonly subscribeMs: number;
}

/** Subscribing N on this machine cannot fit in the longest check the contract allows. */
export class TooSlowToSubscribe extends Error {}

/** Subscribing N clients, expected to take `expectedMs`; throws when no check outlasts it. */
export function checkSubscribeTime(subscribers: number, expectedMs: number, runs: number): void {
  if (!outlastsSubscribing(expectedMs, runs)) {
    throw new TooSlowToSubscribe(
      `subscribing ${subscribers} clients would take about ${Math.round(expectedMs / 1000)} s on this machine now, ` +
        `longer than the longest check the contract allows (20 steps of 10 s) less ${runs + 1} changes`,
    );
  }
}

/** N clients connected and subscribed to a new check that is still changing. */
export async function subscribedFleet(
  context: BenchContext,
  sandbox: BenchSandbox,
  subscribers: number,
  addresses: AddressCursor,
  label: string,
  /** Subscribing time expected from an earlier size, if any: the larger estimate is used. */
  expectedSubscribeMs = 0,
  target: SubscriptionTarget = webSocketTarget(sandbox.endpoints),
): Promise<SubscribedFleet> {
  const { progress } = context;
  progress.step(`${label}, connecting`);
  const connectStart = nowMs();
  const fleet = await openFleet(
    target.url,
    subscribers,
    addresses,
    (done, total) => progress.tick(done, total),
    target.dialect,
  );
  try {
    const connectMs = nowMs() - connectStart;
    // Subscribing costs up to twice what connecting did (one invocation per client, three
    // table calls against two), and the check steps meanwhile: it gets steps long and many
    // enough to outlast that and still change `runs` times after its warm-up.
    const runs = changesAfterSubscribing(context.options.runs);
    const expectedMs = Math.max(expectedSubscribeMs, connectMs * SUBSCRIBE_PER_CONNECT);
    checkSubscribeTime(subscribers, expectedMs, runs);
    const stepMs = stepMsFor(subscribers, expectedMs, runs);
    const steps = stepsFor(runs, expectedMs, stepMs);
    const check = await createCheck(sandbox.endpoints, steps, stepMs);
    progress.step(`${label}, subscribing`);
    const subscribeStart = nowMs();
    await fleet.requestAll(
      target.subscribeMessage(check.id),
      target.subscribedKey,
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
    return { fleet, checkId: check.id, version, stepMs, connectMs, subscribeMs };
  } catch (error) {
    await fleet.close();
    throw error;
  }
}

/** Lets the sandbox run the `$disconnect`s of a closed fleet before the next one connects. */
export async function closeFleet(fleet: ClientFleet): Promise<void> {
  const size = fleet.size;
  await fleet.close();
  await delay(Math.min(10_000, size * 2));
}

/**
 * The big check's changes through the notifier while small checks change alongside, and the
 * same small checks alone before (the baseline), with a few subscribers of their own.
 */
async function timeNotifierWithSecondCheck(
  context: BenchContext,
  sandbox: BenchSandbox,
  subscribed: SubscribedFleet,
  baselineChanges: SecondCheckDelays['baseline'],
): Promise<{ notifier: NotifierRuns; secondCheck: SecondCheckDelays }> {
  const small = await ClientPool.open(authorizedWsUrl(sandbox.endpoints), SMALL_SUBSCRIBERS);
  try {
    let notifierDone = false;
    const alongside = runSmallChecks(
      sandbox.endpoints,
      small,
      () => !notifierDone,
      deliveryTimeoutMs(subscribed.fleet.size),
    );
    // Awaited below unless the notifier's runs fail first; then its failure is not the one to report.
    alongside.catch(() => undefined);
    const notifier = await timeNotifier(
      context,
      sandbox,
      subscribed.fleet,
      subscribed.checkId,
      subscribed.version,
      subscribed.stepMs,
    ).finally(() => {
      notifierDone = true;
    });
    const { inFlight, between } = classifyDelays(await alongside, notifier.windows);
    return {
      notifier,
      secondCheck: { subscribers: SMALL_SUBSCRIBERS, baseline: baselineChanges, inFlight, between },
    };
  } finally {
    await small.close();
  }
}

/** The second check's changes with nothing else going on: the baseline of its delay. */
async function secondCheckBaseline(sandbox: BenchSandbox): Promise<number[]> {
  const small = await ClientPool.open(authorizedWsUrl(sandbox.endpoints), SMALL_SUBSCRIBERS);
  try {
    let checks = 0;
    const changes = await runSmallChecks(
      sandbox.endpoints,
      small,
      (sofar) => sofar.length === 0 && ++checks < BASELINE_MAX_CHECKS,
      deliveryTimeoutMs(SMALL_SUBSCRIBERS),
    );
    return changes.map((change) => change.lastMs - change.commitMs);
  } finally {
    await small.close();
  }
}

/**
 * The same N as AppSync Events clients of a check of their own: each change published once by
 * the publisher function, and delivered to every subscriber by the Events API.
 */
async function timeAppSyncEvents(
  context: BenchContext,
  sandbox: BenchSandbox,
  size: SizeRequest,
  addresses: AddressCursor,
  label: string,
): Promise<AppSyncFanout> {
  const target = appSyncEventsTarget(sandbox.endpoints);
  if (target === undefined) {
    return { measured: false, reason: "the sandbox's endpoints name no AppSync Events API" };
  }
  let subscribed: SubscribedFleet;
  try {
    subscribed = await subscribedFleet(
      context,
      sandbox,
      size.subscribers,
      addresses,
      `${label}, AppSync Events`,
      size.expectedSubscribeMs,
      target,
    );
  } catch (error) {
    if (error instanceof TooSlowToSubscribe) return { measured: false, reason: error.message };
    throw error;
  }
  try {
    context.progress.step(`${label}, AppSync Events (a change every ${subscribed.stepMs} ms)`);
    const { runs } = await timeNotifier(
      context,
      sandbox,
      subscribed.fleet,
      subscribed.checkId,
      subscribed.version,
      subscribed.stepMs,
    );
    return {
      measured: true,
      runs,
      clientProcesses: subscribed.fleet.shares.length,
      connectMs: subscribed.connectMs,
      subscribeMs: subscribed.subscribeMs,
      stepMs: subscribed.stepMs,
    };
  } finally {
    await closeFleet(subscribed.fleet);
  }
}

export interface SizeRequest {
  readonly subscribers: number;
  readonly requested: readonly number[];
  /** From the sizes measured before, if any. */
  readonly expectedSubscribeMs: number;
}

/**
 * One fan-out size: N subscribers of one check, its next changes through the notifier, then
 * the same payload to the same N connections through `@connections` directly, then from a
 * bare `ws` server to N clients of its own; last, N AppSync Events subscribers of another
 * check (after the WebSocket clients have gone, so the sandbox holds one set at a time).
 */
export async function measureSize(
  context: BenchContext,
  sandbox: BenchSandbox,
  poster: DirectPoster,
  size: SizeRequest,
  addresses: AddressCursor,
): Promise<FanoutSize> {
  const { progress } = context;
  const { subscribers } = size;
  const label = `fanout: N = ${subscribers}`;
  const baseline = await secondCheckBaseline(sandbox);
  const subscribed = await subscribedFleet(
    context,
    sandbox,
    subscribers,
    addresses,
    label,
    size.expectedSubscribeMs,
  );
  const { fleet } = subscribed;
  let fleetOpen = true;
  try {
    const subscribedDescriptors = openDescriptors(sandbox.serverPid);
    progress.step(`${label}, through the notifier (a change every ${subscribed.stepMs} ms)`);
    const { notifier, secondCheck } = await timeNotifierWithSecondCheck(
      context,
      sandbox,
      subscribed,
      baseline,
    );
    progress.step(`${label}, direct @connections`);
    const direct = await timeDirect(context, sandbox, poster, fleet, notifier);
    progress.step(`${label}, raw ws broadcast`);
    const raw = await timeRaw(context, subscribers, notifier, addresses);
    fleetOpen = false;
    await closeFleet(fleet);
    const appSyncEvents = await timeAppSyncEvents(context, sandbox, size, addresses, label);
    return {
      subscribers,
      requested: size.requested,
      clientProcesses: fleet.shares.length,
      sandboxDescriptors: Math.max(subscribedDescriptors, notifier.peakDescriptors),
      payloadBytes: Buffer.byteLength(notifier.eventText),
      connectMs: subscribed.connectMs,
      subscribeMs: subscribed.subscribeMs,
      stepMs: subscribed.stepMs,
      notifier: notifier.runs,
      direct,
      raw,
      secondCheck,
      appSyncEvents,
    };
  } finally {
    if (fleetOpen) await closeFleet(fleet);
  }
}

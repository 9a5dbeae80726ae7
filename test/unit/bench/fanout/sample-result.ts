import type { DeliveryTiming } from '../../../../bench/suites/fanout/delivery-timing';
import type { FanoutResult, FanoutSize } from '../../../../bench/suites/fanout/result';

export function timing(perSecondFromFirst: number, lastMs = 500): DeliveryTiming {
  return {
    deliveries: 1_000,
    firstMs: 10,
    lastMs,
    perSecondFromStart: perSecondFromFirst / 2,
    perSecondFromFirst,
  };
}

export function sampleSize(subscribers: number, requested: readonly number[] = [subscribers]): FanoutSize {
  return {
    subscribers,
    requested,
    clientProcesses: Math.ceil(subscribers / 10_000),
    sandboxDescriptors: subscribers + 150,
    payloadBytes: 480,
    connectMs: 8_000,
    subscribeMs: 9_000,
    stepMs: 2_000,
    notifier: [
      timing(800, subscribers / 2),
      timing(1_000, subscribers / 2.5),
      timing(900, subscribers / 2.2),
    ],
    direct: {
      best: 50,
      byConcurrency: [
        { concurrency: 10, runs: [timing(500), timing(600), timing(550)], answeredMs: [200, 210, 190] },
        { concurrency: 50, runs: [timing(1_000), timing(1_250), timing(1_100)], answeredMs: [90, 80, 85] },
      ],
    },
    raw: [timing(20_000, 30), timing(25_000, 25), timing(22_000, 28)],
    secondCheck: { subscribers: 3, baseline: [100, 120, 110], inFlight: [300, 320], between: [105] },
    appSyncEvents: {
      measured: true,
      runs: [timing(9_000, 120), timing(11_000, 100), timing(10_000, 110)],
      clientProcesses: Math.ceil(subscribers / 10_000),
      connectMs: 12_000,
      subscribeMs: 10_000,
      stepMs: 2_000,
    },
  };
}

export const sampleResult: FanoutResult = {
  sizes: [
    sampleSize(1_000),
    {
      ...sampleSize(18_800, [20_000, 50_000]),
      secondCheck: { subscribers: 3, baseline: [100, 120, 110], inFlight: [900, 1_100], between: [130] },
      appSyncEvents: { measured: false, reason: 'subscribing 18800 clients would take about 300 s' },
    },
  ],
  skipped: [
    { subscribers: 30_000, requested: [30_000], reason: 'subscribing 30000 clients would take about 900 s' },
  ],
  capacity: {
    softLimit: 20_000,
    hardLimit: 20_000,
    idleDescriptors: 180,
    headroom: 1_000,
    connections: 18_820,
  },
  sandboxArgs: [],
  rateLimit: { measured: false, reason: 'the sandbox takes no rate-limit option' },
  postCpu: {
    posts: 2_000,
    concurrency: 50,
    lean: [
      { posts: 2_000, cpuMicros: 500_000 },
      { posts: 2_000, cpuMicros: 600_000 },
    ],
    sdk: [
      { posts: 2_000, cpuMicros: 1_600_000 },
      { posts: 2_000, cpuMicros: 1_500_000 },
    ],
  },
  notifyConcurrency: 50,
  streamPollMs: 250,
  runs: 3,
};

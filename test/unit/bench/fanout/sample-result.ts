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

export function sampleSize(subscribers: number): FanoutSize {
  return {
    subscribers,
    payloadBytes: 480,
    connectMs: 8_000,
    subscribeMs: 9_000,
    stepMs: 2_000,
    notifier: [timing(800), timing(1_000), timing(900)],
    direct: {
      best: 50,
      byConcurrency: [
        { concurrency: 10, runs: [timing(500), timing(600), timing(550)], answeredMs: [200, 210, 190] },
        { concurrency: 50, runs: [timing(1_000), timing(1_250), timing(1_100)], answeredMs: [90, 80, 85] },
      ],
    },
    raw: [timing(20_000, 30), timing(25_000, 25), timing(22_000, 28)],
  };
}

export const sampleResult: FanoutResult = {
  sizes: [sampleSize(1_000), sampleSize(5_000)],
  notifyConcurrency: 50,
  streamPollMs: 250,
  runs: 3,
};

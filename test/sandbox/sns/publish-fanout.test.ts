import { setTimeout as delay } from 'node:timers/promises';
import type { DeliveryJob } from '../../../sandbox/sns/delivery-runner';
import type { HttpSubscription } from '../../../sandbox/sns/http-subscriptions';
import type { LayerDeps } from '../../../sandbox/sns/layer-deps';
import { fanOut } from '../../../sandbox/sns/publish-fanout';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:events';

function subscription(index: number): HttpSubscription {
  return {
    arn: `${TOPIC}:sub-${index}`,
    topicArn: TOPIC,
    protocol: 'http',
    endpoint: `http://127.0.0.1:9/${index}`,
    token: `token-${index}`,
    confirmed: true,
    confirmationWasAuthenticated: false,
  };
}

/** Deps whose attribute reads each take `readMs`, counting how many run at once. */
function depsWithSlowReads(readMs: number) {
  const jobs: DeliveryJob[] = [];
  const reads = { inFlight: 0, most: 0 };
  const api = {
    attributes: async (action: string, arn: string) => {
      reads.inFlight += 1;
      reads.most = Math.max(reads.most, reads.inFlight);
      await delay(readMs);
      reads.inFlight -= 1;
      return action === 'GetTopicAttributes' ? { TopicArn: arn } : { SubscriptionArn: arn };
    },
  };
  const deps = {
    baseUrl: 'http://127.0.0.1:4021',
    api,
    runner: { deliver: (job: DeliveryJob) => jobs.push(job) },
    signer: { certUrl: 'http://127.0.0.1:4021/cert.pem', sign: () => 'signature' },
    subscriptions: { get: () => undefined },
    log: () => undefined,
  } as unknown as LayerDeps;
  return { deps, jobs, reads };
}

describe('fanOut', () => {
  it("reads the subscriptions' attributes side by side, so a topic with many subscribers fans out at once", async () => {
    const { deps, jobs, reads } = depsWithSlowReads(20);
    const subscriptions = Array.from({ length: 10 }, (_, index) => subscription(index));
    const message = {
      message: '{}',
      attributes: {},
      messageId: 'm-1',
      timestamp: '2026-01-02T03:04:05.000Z',
    };
    await fanOut(deps, TOPIC, [message], subscriptions);
    // The topic's attributes and every subscription's, all at once.
    expect(reads.most).toBe(subscriptions.length + 1);
    expect(jobs.map((job) => job.subscriptionArn)).toEqual(subscriptions.map((each) => each.arn));
  });
});

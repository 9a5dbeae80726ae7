import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { SubscribeCommand } from '@aws-sdk/client-sns';
import { toCloudEvent } from '../../../lambda/shared/cloud-event';
import { filterPolicyOf, webhookAttributesOf } from '../../../lambda/webhooks/webhook-policy';
import { SnsWebhookPublisher, SnsWebhookSubscriber } from '../../../lambda/webhooks/sns-webhook-topic';
import { Receiver } from './support/receiver';
import { startHarness, type SnsSqsHarness } from './support/sns-sqs';

const TENANT = 'acme';
const REFUSED =
  /: Refused to deliver to 127\.0\.0\.1 port \d+: it is the sandbox's own ([^;]+); gave up after 4 attempts$/;

// A harness of its own: the ports these tests refuse stay refused for as long as it runs.
let harness: SnsSqsHarness;
const receivers: Receiver[] = [];

beforeEach(async () => {
  harness = await startHarness();
});

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.stop()));
  await harness.stop();
});

async function receiver(): Promise<Receiver> {
  const started = await Receiver.start();
  receivers.push(started);
  return started;
}

async function waitForLog(pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const line = harness.logs.find((candidate) => pattern.test(candidate));
    if (line !== undefined) return line;
    if (Date.now() > deadline) throw new Error(`No log line matches ${pattern}:\n${harness.logs.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('deliveries to the sandbox itself', () => {
  it("refuse the SNS server's own port: the confirmation is retried, then dropped", async () => {
    const topicArn = await harness.createTopic('to-itself');
    const self = new URL('/?Action=Unsubscribe', harness.server.endpoint).href;
    await harness.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: self }));
    const line = await waitForLog(/SubscriptionConfirmation .* not delivered and dropped/);
    expect(line).toMatch(REFUSED);
    expect(REFUSED.exec(line)?.[1]).toBe('SNS and SQS (fauxqs)');
  });

  it('refuse a port the sandbox names: no confirmation arrives there', async () => {
    const topicArn = await harness.createTopic('to-a-service');
    const service = await receiver();
    harness.server.refuseDeliveriesTo(service.url(), 'WebSocket API');
    await harness.sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: service.url() }),
    );
    expect(await waitForLog(/SubscriptionConfirmation .* not delivered and dropped/)).toMatch(REFUSED);
    expect(service.requests).toEqual([]);
  });

  it('send a notification the sandbox refuses to the dead-letter queue, with the reason', async () => {
    const topicArn = await harness.createTopic('to-a-service-later');
    const dlq = await harness.createQueue('refused-dlq');
    const hook = await receiver();
    const subscriber = new SnsWebhookSubscriber(harness.sns, {
      topicArn,
      deadLetterQueueArn: dlq.arn,
      deliveryPolicy: JSON.stringify({
        healthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 1, numRetries: 1 },
      }),
    });
    const events = ['check.created', 'check.progress', 'check.done', 'check.failed'] as const;
    await subscriber.subscribe(
      { protocol: 'http', url: hook.url() },
      filterPolicyOf({ tenant: TENANT, subscriptionId: 'sub-1', events: [...events] }),
    );
    const { body } = await hook.first('SubscriptionConfirmation');
    expect((await fetch(body.SubscribeURL as string)).status).toBe(200);

    // The endpoint's port is now one the sandbox serves (as when a service took it over).
    harness.server.refuseDeliveriesTo(hook.url(), 'REST API');
    const event = toCloudEvent({
      id: 'c-1',
      status: 'processing',
      progress: 10,
      version: 1,
      target: 'example.com',
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-01-02T03:04:05.000Z',
    });
    await new SnsWebhookPublisher(harness.sns, topicArn).publish(event, webhookAttributesOf(event, TENANT));
    const { Messages } = await harness.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 5, MessageAttributeNames: ['All'] }),
    );
    expect(Messages?.[0]?.MessageAttributes?.ErrorCode?.StringValue).toBe('ForbiddenAddress');
    expect(Messages?.[0]?.MessageAttributes?.ErrorMessage?.StringValue).toMatch(
      /^Refused to deliver to 127\.0\.0\.1 port \d+: it is the sandbox's own REST API; gave up after 2 attempts$/,
    );
    expect(hook.ofType('Notification')).toEqual([]);
  });
});

import {
  ConfirmSubscriptionCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { SnsWebhookSubscriber } from '../../../lambda/webhooks/sns-webhook-topic';
import { filterPolicyOf } from '../../../lambda/webhooks/webhook-policy';
import { Receiver } from './support/receiver';
import { startHarness, type SnsSqsHarness } from './support/sns-sqs';

let harness: SnsSqsHarness;
let receiver: Receiver;
let topicArn: string;
let topicCount = 0;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness.stop();
});

beforeEach(async () => {
  receiver = await Receiver.start();
  topicCount += 1;
  topicArn = await harness.createTopic(`confirmations-${topicCount}`);
});

afterEach(async () => {
  await receiver.stop();
});

const policy = filterPolicyOf({ tenant: 'acme', subscriptionId: 'sub-1', events: ['check.done'] });

function subscriber(): SnsWebhookSubscriber {
  return new SnsWebhookSubscriber(harness.sns, {
    topicArn,
    deadLetterQueueArn: 'arn:aws:sqs:us-east-1:000000000000:unused-dlq',
    deliveryPolicy: '{"healthyRetryPolicy":{"numRetries":1}}',
  });
}

async function listed(): Promise<string[]> {
  const { Subscriptions } = await harness.sns.send(
    new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }),
  );
  return (Subscriptions ?? []).map((subscription) => subscription.SubscriptionArn!);
}

async function attributesOf(subscriptionArn: string): Promise<Record<string, string>> {
  const { Attributes } = await harness.sns.send(
    new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }),
  );
  return Attributes ?? {};
}

describe('subscribing an HTTP endpoint', () => {
  it('sends a SubscriptionConfirmation shaped as AWS sends it', async () => {
    await harness.sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: receiver.url() }),
    );
    const { request, body } = await receiver.first('SubscriptionConfirmation');
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hook');
    expect(request.headers).toMatchObject({
      'x-amz-sns-message-type': 'SubscriptionConfirmation',
      'x-amz-sns-message-id': body.MessageId,
      'x-amz-sns-topic-arn': topicArn,
      'content-type': 'text/plain; charset=UTF-8',
      'user-agent': 'Amazon Simple Notification Service Agent',
    });
    expect(request.headers).not.toHaveProperty('x-amz-sns-subscription-arn');
    expect(Object.keys(body)).toEqual([
      'Type',
      'MessageId',
      'Token',
      'TopicArn',
      'Message',
      'SubscribeURL',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
    ]);
    expect(body.Token).toMatch(/^[0-9a-f]{256}$/);
    expect(body.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(body.SigningCertURL).toMatch(
      new RegExp(`^${harness.server.endpoint}/SimpleNotificationService-[0-9a-f]{32}\\.pem$`),
    );
  });

  it('answers as AWS does for a pending subscription', async () => {
    const { SubscriptionArn } = await harness.sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: receiver.url() }),
    );
    expect(SubscriptionArn).toBe('pending confirmation');
    expect(await listed()).toEqual(['PendingConfirmation']);

    const arn = await subscriber().subscribe({ protocol: 'http', url: receiver.url('/other') }, policy);
    expect(arn).toMatch(new RegExp(`^${topicArn}:`));
    expect(await subscriber().isPendingConfirmation(arn)).toBe(true);
    expect(await attributesOf(arn)).toMatchObject({
      PendingConfirmation: 'true',
      ConfirmationWasAuthenticated: 'false',
    });
  });

  it('is confirmed by a GET on the SubscribeURL, which answers ConfirmSubscriptionResponse XML', async () => {
    const arn = await subscriber().subscribe({ protocol: 'http', url: receiver.url() }, policy);
    const { body } = await receiver.first('SubscriptionConfirmation');

    const answer = await fetch(body.SubscribeURL as string);
    const xml = await answer.text();
    expect(answer.status).toBe(200);
    expect(xml).toContain('<ConfirmSubscriptionResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">');
    expect(xml).toContain(`<SubscriptionArn>${arn}</SubscriptionArn>`);

    expect(await subscriber().isPendingConfirmation(arn)).toBe(false);
    expect(await listed()).toEqual([arn]);
    expect(await attributesOf(arn)).toMatchObject({
      PendingConfirmation: 'false',
      ConfirmationWasAuthenticated: 'false',
    });
  });

  it('is confirmed through ConfirmSubscription with the token, not with the ARN', async () => {
    const arn = await subscriber().subscribe({ protocol: 'http', url: receiver.url() }, policy);
    const { body } = await receiver.first('SubscriptionConfirmation');

    await expect(
      harness.sns.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: arn })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const { SubscriptionArn } = await harness.sns.send(
      new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: body.Token as string }),
    );
    expect(SubscriptionArn).toBe(arn);
    expect(await attributesOf(arn)).toMatchObject({
      PendingConfirmation: 'false',
      ConfirmationWasAuthenticated: 'true',
    });
  });

  it('a GET on the SubscribeURL with a wrong token is refused', async () => {
    await subscriber().subscribe({ protocol: 'http', url: receiver.url() }, policy);
    const { body } = await receiver.first('SubscriptionConfirmation');
    const url = new URL(body.SubscribeURL as string);
    url.searchParams.set('Token', 'f'.repeat(256));
    const answer = await fetch(url);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('<Code>InvalidParameter</Code>');
  });

  it('resends the confirmation when the pending endpoint subscribes again', async () => {
    await harness.sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: receiver.url() }),
    );
    await harness.sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: receiver.url() }),
    );
    await receiver.waitFor(
      'two confirmations',
      () => receiver.ofType('SubscriptionConfirmation').length === 2,
    );
    const tokens = receiver
      .ofType('SubscriptionConfirmation')
      .map((r) => (JSON.parse(r.body) as { Token: string }).Token);
    expect(tokens[0]).toBe(tokens[1]);
  });

  it('refuses what AWS refuses: a filter policy it cannot read, an endpoint of another protocol', async () => {
    await expect(
      harness.sns.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'http',
          Endpoint: receiver.url(),
          Attributes: { FilterPolicy: '{"tenant":"acme"}' },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringMatching(/FilterPolicy/),
    });
    await expect(
      harness.sns.send(
        new SubscribeCommand({ TopicArn: topicArn, Protocol: 'https', Endpoint: receiver.url() }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const arn = await subscriber().subscribe({ protocol: 'http', url: receiver.url() }, policy);
    await expect(
      harness.sns.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: arn,
          AttributeName: 'DeliveryPolicy',
          AttributeValue: '{"healthyRetryPolicy":{"numRetries":101}}',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringMatching(/DeliveryPolicy/),
    });
    expect(await receiver.first('SubscriptionConfirmation')).toBeDefined();
    expect(await listed()).toEqual(['PendingConfirmation']);
  });
});

describe('unsubscribing', () => {
  async function confirmedSubscription(): Promise<string> {
    const arn = await subscriber().subscribe({ protocol: 'http', url: receiver.url() }, policy);
    const { body } = await receiver.first('SubscriptionConfirmation');
    expect((await fetch(body.SubscribeURL as string)).status).toBe(200);
    return arn;
  }

  it('sends an UnsubscribeConfirmation whose SubscribeURL restores the subscription', async () => {
    const arn = await confirmedSubscription();
    await harness.sns.send(new UnsubscribeCommand({ SubscriptionArn: arn }));
    expect(await listed()).toEqual([]);

    const { request, body } = await receiver.first('UnsubscribeConfirmation');
    expect(request.headers['x-amz-sns-subscription-arn']).toBe(arn);
    expect(body.Message).toBe(
      `You have chosen to deactivate subscription ${arn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`,
    );
    expect((await fetch(body.SubscribeURL as string)).status).toBe(200);
    const [restored] = await listed();
    expect(restored).toMatch(new RegExp(`^${topicArn}:`));
    expect(await attributesOf(restored!)).toMatchObject({
      PendingConfirmation: 'false',
      FilterPolicy: JSON.stringify(policy),
      Endpoint: receiver.url(),
    });
    expect((await fetch(body.SubscribeURL as string)).status).toBe(400);
  });

  it('through the UnsubscribeURL of a notification', async () => {
    const arn = await confirmedSubscription();
    await harness.sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: 'hello',
        MessageAttributes: {
          tenant: { DataType: 'String', StringValue: 'acme' },
          type: { DataType: 'String', StringValue: 'check.done' },
        },
      }),
    );
    const { body } = await receiver.first('Notification');
    const answer = await fetch(body.UnsubscribeURL as string);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('<UnsubscribeResponse');
    expect(await subscriber().isPendingConfirmation(arn)).toBeUndefined();
    await receiver.first('UnsubscribeConfirmation');
  });

  it('of a pending subscription sends nothing more', async () => {
    const arn = await subscriber().subscribe({ protocol: 'http', url: receiver.url() }, policy);
    await receiver.first('SubscriptionConfirmation');
    await subscriber().unsubscribe(arn);
    expect(await listed()).toEqual([]);
    const witness = await subscriber().subscribe({ protocol: 'http', url: receiver.url('/witness') }, policy);
    await receiver.waitFor('the witness’s confirmation', (requests) =>
      requests.some((r) => r.url === '/witness'),
    );
    expect(witness).not.toBe(arn);
    expect(receiver.ofType('UnsubscribeConfirmation')).toHaveLength(0);
  });
});

import { createVerify, X509Certificate } from 'node:crypto';
import { PublishBatchCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import type { Check } from '../../../lambda/checks/check';
import { toCloudEvent } from '../../../lambda/shared/cloud-event';
import { parseFailedDelivery } from '../../../lambda/webhooks/failed-delivery';
import { filterPolicyOf, webhookAttributesOf } from '../../../lambda/webhooks/webhook-policy';
import { SnsWebhookPublisher, SnsWebhookSubscriber } from '../../../lambda/webhooks/sns-webhook-topic';
import { stringToSign } from '../../../sandbox/sns/string-to-sign';
import { Receiver, type ReceivedRequest, type Responder } from './support/receiver';
import { startHarness, type SnsSqsHarness } from './support/sns-sqs';

const TENANT = 'acme';

let harness: SnsSqsHarness;
let topicArn: string;
let dlq: { url: string; arn: string };
let publisher: SnsWebhookPublisher;
const receivers: Receiver[] = [];
let topicCount = 0;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness.stop();
});

beforeEach(async () => {
  topicCount += 1;
  topicArn = await harness.createTopic(`deliveries-${topicCount}`);
  dlq = await harness.createQueue(`webhook-dlq-${topicCount}`);
  publisher = new SnsWebhookPublisher(harness.sns, topicArn);
});

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.stop()));
});

function checkAt(id: string, version: number, status: Check['status'] = 'processing'): Check {
  return {
    id,
    status,
    progress: status === 'processing' ? 10 * version : 100,
    version,
    target: 'example.com',
    createdAt: '2026-01-02T03:04:05.000Z',
    updatedAt: `2026-01-02T03:04:0${version}.000Z`,
  };
}

async function publishCheck(check: Check, replayFor?: string, tenant = TENANT): Promise<void> {
  const event = toCloudEvent(check);
  await publisher.publish(event, webhookAttributesOf(event, tenant, replayFor));
}

interface Subscribed {
  readonly receiver: Receiver;
  readonly arn: string;
}

/**
 * A receiver subscribed as our subscriptions handler subscribes it (filter policy, delivery
 * policy, dead-letter queue), confirmed through its SubscribeURL. Requests after the
 * confirmation are answered by `respond`, counted from 0.
 */
async function subscribed(
  options: {
    subscriptionId?: string;
    events?: Parameters<typeof filterPolicyOf>[0]['events'];
    checkId?: string;
    deliveryPolicy?: object;
    respond?: Responder;
  } = {},
): Promise<Subscribed> {
  const respond = options.respond ?? (() => 200);
  const receiver = await Receiver.start((request, index) =>
    index === 0 ? 200 : respond(request, index - 1),
  );
  receivers.push(receiver);
  const subscriber = new SnsWebhookSubscriber(harness.sns, {
    topicArn,
    deadLetterQueueArn: dlq.arn,
    deliveryPolicy: JSON.stringify(
      options.deliveryPolicy ?? {
        healthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 2, numRetries: 2 },
      },
    ),
  });
  const policy = filterPolicyOf({
    tenant: TENANT,
    subscriptionId: options.subscriptionId ?? 'sub-1',
    events: options.events ?? ['check.created', 'check.progress', 'check.done', 'check.failed'],
    ...(options.checkId === undefined ? {} : { checkId: options.checkId }),
  });
  const arn = await subscriber.subscribe({ protocol: 'http', url: receiver.url() }, policy);
  const { body } = await receiver.first('SubscriptionConfirmation');
  expect((await fetch(body.SubscribeURL as string)).status).toBe(200);
  return { receiver, arn };
}

const notifications = (receiver: Receiver) => receiver.ofType('Notification');
const envelopeOf = (request: ReceivedRequest) => JSON.parse(request.body) as Record<string, unknown>;
const eventIdOf = (request: ReceivedRequest) =>
  (JSON.parse(envelopeOf(request).Message as string) as { id: string }).id;

async function deadLetters(count: number): Promise<Message[]> {
  const messages: Message[] = [];
  const deadline = Date.now() + 5000;
  while (messages.length < count && Date.now() < deadline) {
    const { Messages } = await harness.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlq.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    messages.push(...(Messages ?? []));
  }
  return messages;
}

describe('notifications', () => {
  it('carry the envelope and headers AWS sends, signed with the certificate at SigningCertURL', async () => {
    const { receiver, arn } = await subscribed();
    const check = checkAt('c-1', 1);
    await publishCheck(check);
    await receiver.waitFor('the notification', () => notifications(receiver).length === 1);

    const [request] = notifications(receiver);
    const envelope = envelopeOf(request!);
    expect(request!.headers).toMatchObject({
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': envelope.MessageId,
      'x-amz-sns-topic-arn': topicArn,
      'x-amz-sns-subscription-arn': arn,
      'content-type': 'text/plain; charset=UTF-8',
      'user-agent': 'Amazon Simple Notification Service Agent',
    });
    expect(request!.headers).not.toHaveProperty('x-amz-sns-rawdelivery');
    expect(Object.keys(envelope)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
      'MessageAttributes',
    ]);
    expect(JSON.parse(envelope.Message as string)).toEqual(toCloudEvent(check));
    expect(envelope.MessageAttributes).toEqual({
      type: { Type: 'String', Value: 'check.created' },
      checkId: { Type: 'String', Value: 'c-1' },
      tenant: { Type: 'String', Value: TENANT },
    });
    expect(new URL(envelope.UnsubscribeURL as string).searchParams.get('SubscriptionArn')).toBe(arn);

    const certificate = new X509Certificate(await (await fetch(envelope.SigningCertURL as string)).text());
    const signed = createVerify('RSA-SHA1')
      .update(stringToSign(envelope))
      .verify(certificate.publicKey, envelope.Signature as string, 'base64');
    expect(signed).toBe(true);
  });

  it('reach only the subscriptions whose filter policy matches, the tenant pinned and replays aimed', async () => {
    const doneOnly = await subscribed({ subscriptionId: 'sub-done', events: ['check.done'] });
    const everything = await subscribed({ subscriptionId: 'sub-all' });

    await publishCheck(checkAt('c-other', 1, 'done'), undefined, 'globex');
    await publishCheck(checkAt('c-2', 1));
    await everything.receiver.waitFor('check.created', () => notifications(everything.receiver).length === 1);
    await publishCheck(checkAt('c-2', 2, 'done'));
    await publishCheck(checkAt('c-2', 2, 'done'), 'sub-all');
    await doneOnly.receiver.waitFor('check.done', () => notifications(doneOnly.receiver).length === 1);
    await everything.receiver.waitFor('the replay', () => notifications(everything.receiver).length === 3);

    expect(notifications(doneOnly.receiver).map(eventIdOf)).toEqual(['c-2:2']);
    expect(notifications(everything.receiver).map(eventIdOf).sort()).toEqual(['c-2:1', 'c-2:2', 'c-2:2']);
  });

  it('do not reach a subscription that is still pending', async () => {
    const pending = await Receiver.start();
    receivers.push(pending);
    await harness.sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: pending.url() }),
    );
    await pending.first('SubscriptionConfirmation');
    const witness = await subscribed();

    await publishCheck(checkAt('c-3', 1));
    await witness.receiver.waitFor(
      'the witness’s notification',
      () => notifications(witness.receiver).length === 1,
    );
    expect(pending.requests.map((r) => r.headers['x-amz-sns-message-type'])).toEqual([
      'SubscriptionConfirmation',
    ]);
  });

  it('with raw delivery are the message alone, flagged by a header', async () => {
    const receiver = await Receiver.start();
    receivers.push(receiver);
    await harness.sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'http',
        Endpoint: receiver.url(),
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const { body } = await receiver.first('SubscriptionConfirmation');
    await fetch(body.SubscribeURL as string);
    await harness.sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: 'just this',
        MessageAttributes: { a: { DataType: 'String', StringValue: 'b' } },
      }),
    );
    await receiver.waitFor('the raw notification', () => notifications(receiver).length === 1);
    const [request] = notifications(receiver);
    expect(request!.body).toBe('just this');
    expect(request!.headers['x-amz-sns-rawdelivery']).toBe('true');
  });

  it('of a PublishBatch arrive each with its own message id', async () => {
    const { receiver } = await subscribed();
    const events = [checkAt('c-4', 1), checkAt('c-4', 2)].map(toCloudEvent);
    const { Successful } = await harness.sns.send(
      new PublishBatchCommand({
        TopicArn: topicArn,
        PublishBatchRequestEntries: events.map((event, index) => ({
          Id: `e${index}`,
          Message: JSON.stringify(event),
          Subject: `version ${index + 1}`,
          MessageAttributes: {
            tenant: { DataType: 'String', StringValue: TENANT },
            type: { DataType: 'String', StringValue: event.type },
          },
        })),
      }),
    );
    await receiver.waitFor('both notifications', () => notifications(receiver).length === 2);
    const received = notifications(receiver).map(envelopeOf);
    expect(received.map((envelope) => envelope.MessageId).sort()).toEqual(
      Successful!.map((entry) => entry.MessageId).sort(),
    );
    expect(received.map((envelope) => envelope.Subject).sort()).toEqual(['version 1', 'version 2']);
  });
});

describe('failed deliveries', () => {
  it('are retried on a 5xx with the same message id and body, until one succeeds', async () => {
    const { receiver } = await subscribed({ respond: (_request, index) => (index < 2 ? 500 : 200) });
    await publishCheck(checkAt('c-5', 1));
    await receiver.waitFor('three attempts', () => notifications(receiver).length === 3);

    const attempts = notifications(receiver);
    expect(new Set(attempts.map((r) => r.headers['x-amz-sns-message-id'])).size).toBe(1);
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1);
  });

  it('end in the dead-letter queue with the envelope and the error, once the retries run out', async () => {
    const { receiver, arn } = await subscribed({ respond: () => 503 });
    await publishCheck(checkAt('c-6', 1));
    const [message] = await deadLetters(1);

    expect(notifications(receiver)).toHaveLength(3);
    expect(message!.Body).toBe(notifications(receiver)[0]!.body);
    expect(message!.MessageAttributes).toEqual({
      RequestID: { DataType: 'String', StringValue: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      ErrorCode: { DataType: 'String', StringValue: '503' },
      ErrorMessage: {
        DataType: 'String',
        StringValue: 'The endpoint answered HTTP 503 Service Unavailable; gave up after 3 attempts',
      },
    });
    const failed = parseFailedDelivery(message!.Body!);
    expect(failed.subscriptionArn).toBe(arn);
    expect(failed.event.id).toBe('c-6:1');
  });

  it('on a 4xx go to the dead-letter queue without a retry', async () => {
    const { receiver } = await subscribed({ respond: () => 404 });
    await publishCheck(checkAt('c-7', 1));
    const [message] = await deadLetters(1);

    expect(notifications(receiver)).toHaveLength(1);
    expect(message!.MessageAttributes?.ErrorCode?.StringValue).toBe('404');
    expect(message!.MessageAttributes?.ErrorMessage?.StringValue).toBe(
      'The endpoint answered HTTP 404 Not Found; not retried',
    );
  });

  it('to an endpoint that is gone end in the dead-letter queue with the connection error', async () => {
    const { receiver } = await subscribed();
    await receiver.stop();
    await publishCheck(checkAt('c-8', 1));
    const [message] = await deadLetters(1);
    expect(message!.MessageAttributes?.ErrorCode?.StringValue).toBe('ECONNREFUSED');
    expect(message!.MessageAttributes?.ErrorMessage?.StringValue).toMatch(/gave up after 3 attempts$/);
  });
});

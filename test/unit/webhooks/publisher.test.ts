import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudEvent } from './support';
import type { StoredCheck } from '../../../lambda/checks/check';
import { handler } from '../../../lambda/webhooks/publisher';
import { context, streamEvent, streamRecord } from '../support/lambda-events';
import { ENV } from '../env';
import { CHECK_ID, storedCheck, TENANT } from '../support/checks';

const sns = mockClient(SNSClient);

const atVersion = (version: number, changes: Partial<StoredCheck> = {}) =>
  storedCheck({
    version,
    progress: Math.min(100, (version - 1) * 50),
    updatedAt: `2026-01-02T03:04:0${version}.000Z`,
    ...changes,
  });

const run = (...records: Parameters<typeof streamEvent>) => handler(streamEvent(...records), context);

const published = () =>
  sns
    .commandCalls(PublishCommand)
    .map((call) => JSON.parse(call.args[0].input.Message ?? '') as { id: string; type: string });

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
});

it('publishes a new check as a check.created CloudEvent with the attributes filters match', async () => {
  const result = await run(streamRecord('1', 'INSERT', storedCheck()));

  expect(result).toEqual({ batchItemFailures: [] });
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  expect(sns).toHaveReceivedCommandWith(PublishCommand, {
    TopicArn: ENV.WEBHOOK_TOPIC_ARN,
    Message: JSON.stringify(cloudEvent()),
    MessageAttributes: {
      type: { DataType: 'String', StringValue: 'check.created' },
      checkId: { DataType: 'String', StringValue: CHECK_ID },
      tenant: { DataType: 'String', StringValue: TENANT },
    },
  });
});

it('publishes each version change as its event type', async () => {
  await run(
    streamRecord('1', 'MODIFY', atVersion(2), atVersion(1)),
    streamRecord(
      '2',
      'MODIFY',
      atVersion(3, { status: 'done', progress: 100, result: { message: 'ok' } }),
      atVersion(2),
    ),
  );
  expect(published().map(({ id, type }) => [id, type])).toEqual([
    [`${CHECK_ID}:2`, 'check.progress'],
    [`${CHECK_ID}:3`, 'check.done'],
  ]);
});

it('reports a record whose publish failed, so it is retried', async () => {
  sns.on(PublishCommand).rejects(new Error('Throttling'));

  const result = await run(streamRecord('1', 'MODIFY', atVersion(2), atVersion(1)));

  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '1' }] });
});

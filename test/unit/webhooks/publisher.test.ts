import 'aws-sdk-client-mock-jest';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { CHECK_ID, cloudEvent, ENV, storedCheck, TENANT } from './support';
import type { StoredCheck } from '../../../lambda/domain/check';
import { handler } from '../../../lambda/handlers/publisher';

const sns = mockClient(SNSClient);
const context = { awsRequestId: 'request-1' } as Context;

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
const imageOf = (check: Record<string, unknown>) => marshall(check, { removeUndefinedValues: true }) as Image;

function streamRecord(
  sequence: number,
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  newCheck: Record<string, unknown> | undefined,
  oldCheck?: StoredCheck,
): DynamoDBRecord {
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: 1772600000,
      Keys: { id: { S: CHECK_ID } },
      ...(newCheck === undefined ? {} : { NewImage: imageOf(newCheck) }),
      ...(oldCheck === undefined ? {} : { OldImage: imageOf({ ...oldCheck }) }),
      SequenceNumber: String(sequence),
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/checks/stream/2026-01-01T00:00:00.000',
  };
}

const atVersion = (version: number, changes: Partial<StoredCheck> = {}) =>
  storedCheck({
    version,
    progress: Math.min(100, (version - 1) * 50),
    updatedAt: `2026-01-02T03:04:0${version}.000Z`,
    ...changes,
  });

const run = (...Records: DynamoDBRecord[]) => handler({ Records } satisfies DynamoDBStreamEvent, context);

const published = () =>
  sns
    .commandCalls(PublishCommand)
    .map((call) => JSON.parse(call.args[0].input.Message ?? '') as { id: string; type: string });

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
});

it('publishes a new check as a check.created CloudEvent with the attributes filters match', async () => {
  const result = await run(streamRecord(1, 'INSERT', { ...storedCheck() }));

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

it('publishes each version change as its event type, in stream order', async () => {
  await run(
    streamRecord(1, 'MODIFY', { ...atVersion(2) }, atVersion(1)),
    streamRecord(
      2,
      'MODIFY',
      { ...atVersion(3, { status: 'done', progress: 100, result: { message: 'ok' } }) },
      atVersion(2),
    ),
  );
  expect(published().map(({ id, type }) => [id, type])).toEqual([
    [`${CHECK_ID}:2`, 'check.progress'],
    [`${CHECK_ID}:3`, 'check.done'],
  ]);
});

it('publishes nothing for a write that kept the version, or for a removal', async () => {
  const result = await run(
    streamRecord(1, 'MODIFY', { ...atVersion(2) }, atVersion(2)),
    streamRecord(2, 'REMOVE', undefined, atVersion(3)),
  );
  expect(result).toEqual({ batchItemFailures: [] });
  expect(sns).not.toHaveReceivedCommand(PublishCommand);
});

it('stops at the first failure and reports it and every later record, so none is published out of order', async () => {
  sns
    .on(PublishCommand)
    .resolvesOnce({ MessageId: 'm1' })
    .rejectsOnce(new Error('Throttling'))
    .resolves({ MessageId: 'm3' });

  const result = await run(
    streamRecord(1, 'MODIFY', { ...atVersion(2) }, atVersion(1)),
    streamRecord(2, 'MODIFY', { ...atVersion(3) }, atVersion(2)),
    streamRecord(3, 'MODIFY', { ...atVersion(4) }, atVersion(3)),
  );

  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }, { itemIdentifier: '3' }] });
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
});

it('fails a record whose new image is no check', async () => {
  const result = await run(streamRecord(7, 'INSERT', { id: CHECK_ID, version: 1 }));
  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '7' }] });
  expect(sns).not.toHaveReceivedCommand(PublishCommand);
});

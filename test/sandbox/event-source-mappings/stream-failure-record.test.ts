import { streamFailureRecord } from '../../../sandbox/event-source-mappings/stream-failure-record';
import type { DynamoDBStreamEventRecord } from '../../../sandbox/event-source-mappings/stream-record-event';

const streamArn = 'arn:aws:dynamodb:ddblocal:000000000000:table/checks/stream/2026-01-01T00:00:00.000';

function record(sequenceNumber: string, createdSeconds: number): DynamoDBStreamEventRecord {
  return {
    eventID: `e${sequenceNumber}`,
    eventName: 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: createdSeconds,
      Keys: { id: { S: 'c1' } },
      SequenceNumber: sequenceNumber,
      SizeBytes: 10,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: streamArn,
  };
}

const context = {
  requestId: 'req-1',
  functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:notifier',
  shardId: 'shardId-1',
  streamArn,
  now: new Date('2026-01-01T12:00:00.000Z'),
};

describe('streamFailureRecord', () => {
  it('is the metadata-only record of §4, with functionError after a function error', () => {
    const failure = streamFailureRecord(
      {
        condition: 'RetryAttemptsExhausted',
        records: [record('10', 1_767_268_800), record('11', 1_767_268_860)],
        invocations: 11,
        lastFunctionError: true,
      },
      context,
    );
    expect(failure).toEqual({
      requestContext: {
        requestId: 'req-1',
        functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:notifier',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 11,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2026-01-01T12:00:00.000Z',
      DDBStreamBatchInfo: {
        shardId: 'shardId-1',
        startSequenceNumber: '10',
        endSequenceNumber: '11',
        approximateArrivalOfFirstRecord: '2026-01-01T12:00:00.000Z',
        approximateArrivalOfLastRecord: '2026-01-01T12:01:00.000Z',
        batchSize: 2,
        streamArn,
      },
    });
    expect(Object.keys(failure)).toEqual([
      'requestContext',
      'responseContext',
      'version',
      'timestamp',
      'DDBStreamBatchInfo',
    ]);
  });

  it('has no functionError when the function answered with failures', () => {
    const failure = streamFailureRecord(
      {
        condition: 'RetryAttemptsExhausted',
        records: [record('1', 0)],
        invocations: 3,
        lastFunctionError: false,
      },
      context,
    );
    expect(failure.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST' });
  });

  it('has no responseContext for records that aged out before any invocation', () => {
    const failure = streamFailureRecord(
      {
        condition: 'RecordAgeExceeded',
        records: [record('1', 0)],
        invocations: 0,
        lastFunctionError: undefined,
      },
      context,
    );
    expect(failure).not.toHaveProperty('responseContext');
    expect(failure.requestContext).toMatchObject({
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: 0,
    });
  });

  it('refuses an empty discard', () => {
    expect(() =>
      streamFailureRecord(
        { condition: 'RetryAttemptsExhausted', records: [], invocations: 1, lastFunctionError: true },
        context,
      ),
    ).toThrow(/at least one record/);
  });
});

import {
  queueFilterView,
  toQueueEventRecord,
} from '../../../sandbox/event-source-mappings/queue-record-event';

const queueArn = 'arn:aws:sqs:eu-west-1:000000000000:jobs';

describe('toQueueEventRecord', () => {
  it('gives the record Lambda sends, camelCase message attributes and string system attributes', () => {
    const record = toQueueEventRecord(
      {
        MessageId: 'm1',
        ReceiptHandle: 'rh1',
        Body: '{"checkId":"c1"}',
        MD5OfBody: 'md5',
        Attributes: {
          SenderId: '000000000000',
          ApproximateFirstReceiveTimestamp: '1700000000100',
          SentTimestamp: '1700000000000',
          ApproximateReceiveCount: '2',
          AWSTraceHeader: 'Root=1-abc',
        },
        MessageAttributes: {
          type: { DataType: 'String', StringValue: 'check.done' },
          raw: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
          count: { DataType: 'Number', StringValue: '3' },
        },
      },
      queueArn,
      'eu-west-1',
    );
    expect(record).toEqual({
      messageId: 'm1',
      receiptHandle: 'rh1',
      body: '{"checkId":"c1"}',
      attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1700000000000',
        SenderId: '000000000000',
        ApproximateFirstReceiveTimestamp: '1700000000100',
        AWSTraceHeader: 'Root=1-abc',
      },
      messageAttributes: {
        type: { stringValue: 'check.done', stringListValues: [], binaryListValues: [], dataType: 'String' },
        raw: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
        count: { stringValue: '3', stringListValues: [], binaryListValues: [], dataType: 'Number' },
      },
      md5OfBody: 'md5',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'eu-west-1',
    });
    expect(Object.keys(record.attributes)).toEqual([
      'ApproximateReceiveCount',
      'SentTimestamp',
      'SenderId',
      'ApproximateFirstReceiveTimestamp',
      'AWSTraceHeader',
    ]);
  });

  it('gives a message without attributes empty maps', () => {
    const record = toQueueEventRecord(
      { MessageId: 'm1', ReceiptHandle: 'rh1', Body: 'plain', MD5OfBody: 'md5' },
      queueArn,
      'eu-west-1',
    );
    expect(record.attributes).toEqual({});
    expect(record.messageAttributes).toEqual({});
  });

  it('refuses a message without a receipt handle', () => {
    expect(() =>
      toQueueEventRecord({ MessageId: 'm1', Body: 'x', MD5OfBody: 'md5' }, queueArn, 'eu-west-1'),
    ).toThrow(/ReceiptHandle/);
  });
});

describe('queueFilterView', () => {
  const base = toQueueEventRecord(
    { MessageId: 'm', ReceiptHandle: 'r', Body: 'x', MD5OfBody: 'd' },
    queueArn,
    'r',
  );

  it('shows a JSON body parsed', () => {
    expect(queueFilterView({ ...base, body: '{"a":1}' })).toMatchObject({ body: { a: 1 } });
  });

  it('shows any other body as its text', () => {
    expect(queueFilterView({ ...base, body: 'plain text' })).toMatchObject({ body: 'plain text' });
  });
});

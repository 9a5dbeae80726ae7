import type { _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';
import {
  toStreamEventRecord,
  wireAttributeValue,
} from '../../../sandbox/event-source-mappings/stream-record-event';

const streamArn = 'arn:aws:dynamodb:ddblocal:000000000000:table/checks/stream/2026-01-01T00:00:00.000';

describe('toStreamEventRecord', () => {
  it('gives the record Lambda sends: epoch seconds, base64 binaries, region and source ARN', () => {
    const sdkRecord: SdkStreamRecord = {
      eventID: 'e1',
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: new Date('2016-11-29T20:49:00.000Z'),
        Keys: { id: { S: 'c1' } },
        NewImage: {
          id: { S: 'c1' },
          blob: { B: new Uint8Array([104, 105]) },
          nested: { M: { list: { L: [{ BS: [new Uint8Array([120])] }, { NULL: true }, { BOOL: false }] } } },
          version: { N: '2' },
          sets: { M: { ss: { SS: ['a'] }, ns: { NS: ['1'] } } },
        },
        OldImage: { id: { S: 'c1' }, version: { N: '1' } },
        SequenceNumber: '000000000000000000002',
        SizeBytes: 38,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
    const record = toStreamEventRecord(sdkRecord, streamArn, 'eu-west-1');
    expect(JSON.parse(JSON.stringify(record))).toEqual({
      eventID: 'e1',
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      dynamodb: {
        ApproximateCreationDateTime: 1480452540,
        Keys: { id: { S: 'c1' } },
        NewImage: {
          id: { S: 'c1' },
          blob: { B: 'aGk=' },
          nested: { M: { list: { L: [{ BS: ['eA=='] }, { NULL: true }, { BOOL: false }] } } },
          version: { N: '2' },
          sets: { M: { ss: { SS: ['a'] }, ns: { NS: ['1'] } } },
        },
        OldImage: { id: { S: 'c1' }, version: { N: '1' } },
        SequenceNumber: '000000000000000000002',
        SizeBytes: 38,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: streamArn,
    });
    expect(Object.keys(record)).toEqual([
      'eventID',
      'eventName',
      'eventVersion',
      'eventSource',
      'awsRegion',
      'dynamodb',
      'eventSourceARN',
    ]);
  });

  it('leaves out the images the record lacks and gives a TTL deletion its service identity', () => {
    const record = toStreamEventRecord(
      {
        eventID: 'e2',
        eventName: 'REMOVE',
        eventVersion: '1.1',
        dynamodb: {
          ApproximateCreationDateTime: new Date(1_700_000_000_000),
          Keys: { id: { S: 'c1' } },
          SequenceNumber: '3',
          SizeBytes: 3,
          StreamViewType: 'KEYS_ONLY',
        },
        userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' },
      },
      streamArn,
      'eu-west-1',
    );
    expect(record.dynamodb).not.toHaveProperty('NewImage');
    expect(record.dynamodb).not.toHaveProperty('OldImage');
    expect(record.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
    expect(record.dynamodb.ApproximateCreationDateTime).toBe(1_700_000_000);
  });

  it("turns DynamoDB Local's TTL deletion into the REMOVE that AWS's TTL service writes", () => {
    const record = toStreamEventRecord(
      {
        eventID: 'e3',
        eventName: 'UNKNOWN_TO_SDK_VERSION' as 'REMOVE',
        dynamodb: {
          ApproximateCreationDateTime: new Date('2016-11-29T20:49:00.000Z'),
          Keys: { id: { S: 'c1' } },
          OldImage: { id: { S: 'c1' } },
          SequenceNumber: '3',
          SizeBytes: 10,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
      streamArn,
      'us-east-1',
    );
    expect(record.eventName).toBe('REMOVE');
    expect(record.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
  });

  it('refuses a record without its sequence number', () => {
    expect(() =>
      toStreamEventRecord(
        {
          eventID: 'e3',
          eventName: 'INSERT',
          dynamodb: {
            ApproximateCreationDateTime: new Date(),
            Keys: {},
            SizeBytes: 1,
            StreamViewType: 'KEYS_ONLY',
          },
        },
        streamArn,
        'eu-west-1',
      ),
    ).toThrow(/SequenceNumber/);
  });

  it('converts a binary that is a view into a larger buffer', () => {
    const backing = new Uint8Array([0, 104, 105, 0]);
    expect(wireAttributeValue({ B: backing.subarray(1, 3) })).toEqual({ B: 'aGk=' });
  });
});

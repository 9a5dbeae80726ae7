import {
  mapEntries,
  messageForProtocol,
  messageStructureProblem,
  publishedMessages,
  type PublishedMessage,
} from '../../../sandbox/sns/query-request';

describe('mapEntries', () => {
  it('reads Attributes.entry.N.key/value pairs, as Subscribe sends them', () => {
    expect(
      mapEntries(
        {
          Action: 'Subscribe',
          'Attributes.entry.1.key': 'FilterPolicy',
          'Attributes.entry.1.value': '{"a":["b"]}',
          'Attributes.entry.2.key': 'RawMessageDelivery',
          'Attributes.entry.2.value': 'true',
          'Attributes.entry.3.key': 'Dangling',
        },
        'Attributes',
      ),
    ).toEqual({ FilterPolicy: '{"a":["b"]}', RawMessageDelivery: 'true' });
  });
});

describe('publishedMessages', () => {
  it('a Publish: message, subject and each attribute type', () => {
    expect(
      publishedMessages({
        Action: 'Publish',
        TopicArn: 't',
        Message: 'hello',
        Subject: 'Hi',
        'MessageAttributes.entry.1.Name': 'type',
        'MessageAttributes.entry.1.Value.DataType': 'String',
        'MessageAttributes.entry.1.Value.StringValue': 'check.done',
        'MessageAttributes.entry.2.Name': 'blob',
        'MessageAttributes.entry.2.Value.DataType': 'Binary',
        'MessageAttributes.entry.2.Value.BinaryValue': 'AAE=',
      }),
    ).toEqual([
      {
        message: 'hello',
        subject: 'Hi',
        attributes: {
          type: { DataType: 'String', StringValue: 'check.done' },
          blob: { DataType: 'Binary', BinaryValue: 'AAE=' },
        },
      },
    ]);
  });

  it('a PublishBatch: each entry with its id, in entry order', () => {
    const messages = publishedMessages({
      Action: 'PublishBatch',
      TopicArn: 't',
      'PublishBatchRequestEntries.member.2.Id': 'second',
      'PublishBatchRequestEntries.member.2.Message': 'two',
      'PublishBatchRequestEntries.member.10.Id': 'tenth',
      'PublishBatchRequestEntries.member.10.Message': 'ten',
      'PublishBatchRequestEntries.member.1.Id': 'first',
      'PublishBatchRequestEntries.member.1.Message': 'one',
      'PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Name': 'n',
      'PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.DataType': 'Number',
      'PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.StringValue': '5',
    });
    expect(messages.map((message) => [message.entryId, message.message])).toEqual([
      ['first', 'one'],
      ['second', 'two'],
      ['tenth', 'ten'],
    ]);
    expect(messages[0]!.attributes).toEqual({ n: { DataType: 'Number', StringValue: '5' } });
    expect(messages[1]!.attributes).toEqual({});
  });
});

describe('MessageStructure=json', () => {
  const structured = (message: string): PublishedMessage => ({
    message,
    messageStructure: 'json',
    attributes: {},
  });

  it('gives each protocol its own entry, else default', () => {
    const message = structured(JSON.stringify({ default: 'plain', https: 'for https' }));
    expect(messageForProtocol(message, 'https')).toBe('for https');
    expect(messageForProtocol(message, 'http')).toBe('plain');
    expect(messageForProtocol({ message: 'as is', attributes: {} }, 'http')).toBe('as is');
  });

  it('is refused without a default entry or when it is not a JSON object', () => {
    expect(messageStructureProblem(structured('{"http":"x"}'))).toMatch(/No default entry/);
    expect(messageStructureProblem(structured('not json'))).toMatch(/failed to parse/);
    expect(messageStructureProblem(structured('["x"]'))).toMatch(/failed to parse/);
    expect(messageStructureProblem(structured('{"default":"x"}'))).toBeUndefined();
    expect(messageStructureProblem({ message: 'x', attributes: {} })).toBeUndefined();
  });
});

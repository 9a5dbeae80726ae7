import type { SQSRecord } from 'aws-lambda';
import { GoneConnectionError } from '../../../lambda/websocket/connections';
import { createFanoutPosterHandler } from '../../../lambda/websocket/fanout-poster';
import type { ShardPost } from '../../../lambda/websocket/shard-messages';
import { FakePoster, subscribe } from './fanout-fakes';
import { InMemoryConnectionStore } from './in-memory-connection-store';
import { context, sqsEvent, sqsRecord } from '../support/lambda-events';
import { CHECK_ID, TENANT } from '../support/checks';

const DATA = JSON.stringify({ id: `${CHECK_ID}:3` });

function shardRecord(messageId: string, group: string, connectionIds: string[]): SQSRecord {
  const post: ShardPost = { eventId: `${CHECK_ID}:3`, data: DATA, connectionIds };
  const record = sqsRecord(messageId, JSON.stringify(post));
  return {
    ...record,
    attributes: {
      ...record.attributes,
      MessageGroupId: `${CHECK_ID}#${group}`,
      MessageDeduplicationId: `dedup-${messageId}`,
      SequenceNumber: messageId.replace(/\D/g, '').padStart(20, '0'),
    },
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:fanout.fifo',
  };
}

function setUp() {
  const connections = new InMemoryConnectionStore();
  const poster = new FakePoster();
  const handler = createFanoutPosterHandler({ connections, poster, concurrency: 4 });
  const postedTo = () => poster.posts.map(({ connectionId }) => connectionId).sort();
  return { connections, poster, handler, postedTo };
}

describe('fan-out poster', () => {
  it("posts each message's change to its connections, as is", async () => {
    const { poster, handler, postedTo } = setUp();

    const response = await handler(
      sqsEvent(shardRecord('m1', '0', ['a', 'b']), shardRecord('m2', '1', ['c'])),
      context,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(postedTo()).toEqual(['a', 'b', 'c']);
    expect(poster.posts.every(({ data }) => data === DATA)).toBe(true);
  });

  it('removes a gone connection and counts its message delivered', async () => {
    const { connections, poster, handler, postedTo } = setUp();
    subscribe(connections, 'gone', TENANT);
    subscribe(connections, 'alive', TENANT);
    poster.failures.set('gone', new GoneConnectionError('Connection gone is gone'));

    const response = await handler(sqsEvent(shardRecord('m1', '0', ['alive', 'gone'])), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(postedTo()).toEqual(['alive']);
    expect(connections.removed).toEqual(['gone']);
    expect(connections.subscribedConnections(CHECK_ID)).toEqual(['alive']);
  });

  it("fails a failing shard's message and the later ones of its group only, untried", async () => {
    const { poster, handler, postedTo } = setUp();
    poster.failures.set('broken', new Error('ForbiddenException'));

    const response = await handler(
      sqsEvent(
        shardRecord('m1', '0', ['a']),
        shardRecord('m2', '1', ['broken', 'b']),
        shardRecord('m3', '2', ['c']),
        shardRecord('m4', '1', ['d']),
        shardRecord('m5', '0', ['e']),
      ),
      context,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }, { itemIdentifier: 'm4' }] });
    // m2's other connection was posted (the retry posts it again); m4 of the same group was not tried.
    expect(postedTo()).toEqual(['a', 'b', 'c', 'e']);
  });

  it('keeps a message it cannot read failing, so it ends in the dead-letter queue', async () => {
    const { handler, postedTo } = setUp();
    const unreadable = { ...shardRecord('m1', '0', ['a']), body: '{"eventId":"x"}' };

    const response = await handler(sqsEvent(unreadable, shardRecord('m2', '1', ['b'])), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect(postedTo()).toEqual(['b']);
  });
});

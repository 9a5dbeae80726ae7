import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../lambda/websocket/ws-disconnect';
import { requestContext } from './websocket-events';
import { ENV } from '../env';

const ddb = mockClient(DynamoDBDocumentClient);

const disconnectEvent = {
  requestContext: requestContext('c1=', '$disconnect', 'DISCONNECT'),
  isBase64Encoded: false,
};

beforeEach(() => {
  ddb.reset();
});

describe('ws-disconnect handler', () => {
  it('deletes the connection and all its subscriptions', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        { pk: 'CONN#c1=', sk: 'META' },
        { pk: 'CONN#c1=', sk: 'SUB#k1' },
      ],
    });
    ddb.on(BatchWriteCommand).resolves({});

    await expect(handler(disconnectEvent)).resolves.toEqual({ statusCode: 200 });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: ENV.CONNECTIONS_TABLE_NAME,
      ExpressionAttributeValues: { ':pk': 'CONN#c1=' },
    });
    expect(ddb).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: {
        [ENV.CONNECTIONS_TABLE_NAME]: [
          { DeleteRequest: { Key: { pk: 'CONN#c1=', sk: 'META' } } },
          { DeleteRequest: { Key: { pk: 'CONN#c1=', sk: 'SUB#k1' } } },
          { DeleteRequest: { Key: { pk: 'CHECK#k1', sk: 'CONN#c1=' } } },
        ],
      },
    });
  });

  it('succeeds for a connection already forgotten', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    await expect(handler(disconnectEvent)).resolves.toEqual({ statusCode: 200 });
    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
  });
});

import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { CONNECTION_TTL_SECONDS } from '../../../lambda/websocket/connections';
import { handler, type ConnectEvent } from '../../../lambda/websocket/ws-connect';
import { CONNECTED_AT, requestContext } from './websocket-events';
import { ENV } from '../env';

const ddb = mockClient(DynamoDBDocumentClient);

function connectEvent(authorizer: { tenant?: unknown } | null | undefined): ConnectEvent {
  return {
    requestContext: { ...requestContext('c1=', '$connect', 'CONNECT'), authorizer },
    queryStringParameters: { token: 'secret' },
    isBase64Encoded: false,
  };
}

beforeEach(() => {
  ddb.reset();
});

describe('ws-connect handler', () => {
  it("records the connection with the authorizer's tenant", async () => {
    ddb.on(PutCommand).resolves({});

    await expect(handler(connectEvent({ tenant: 'acme' }))).resolves.toEqual({ statusCode: 200 });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: ENV.CONNECTIONS_TABLE_NAME,
      Item: {
        pk: 'CONN#c1=',
        sk: 'META',
        connectionId: 'c1=',
        tenant: 'acme',
        connectedAt: '2025-01-01T12:00:00.000Z',
        expiresAt: CONNECTED_AT / 1000 + CONNECTION_TTL_SECONDS,
      },
    });
  });

  it.each([
    ['no authorizer context', undefined],
    ['a null authorizer context', null],
    ['no tenant', {}],
    ['a tenant that is not a slug', { tenant: 'Acme Corp' }],
    ['a tenant that is not a string', { tenant: 42 }],
  ])('refuses a connection with %s', async (_, authorizer) => {
    await expect(handler(connectEvent(authorizer))).resolves.toEqual({ statusCode: 401 });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('fails the connection when it cannot be recorded', async () => {
    ddb.on(PutCommand).rejects(new Error('table unavailable'));

    await expect(handler(connectEvent({ tenant: 'acme' }))).rejects.toThrow('table unavailable');
  });
});

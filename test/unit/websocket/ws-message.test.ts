import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { newConnection } from '../../../lambda/websocket/connections';
import { handler } from '../../../lambda/websocket/ws-message';
import { messageEvent } from './websocket-events';
import { CHECK_ID, storedCheck, TENANT } from '../support/checks';
import { ENV } from '../env';

const ddb = mockClient(DynamoDBDocumentClient);

const CONNECTION = newConnection('c1=', TENANT, new Date('2025-01-01T00:00:00.000Z'));
const CONNECTION_KEY = { pk: 'CONN#c1=', sk: 'META' };

function knownConnection(): void {
  ddb.on(GetCommand, { TableName: ENV.CONNECTIONS_TABLE_NAME, Key: CONNECTION_KEY }).resolves({
    Item: { ...CONNECTION_KEY, ...CONNECTION },
  });
}

async function send(routeKey: string, body: string): Promise<{ statusCode: number; reply: unknown }> {
  const result = await handler(messageEvent('c1=', routeKey, body));
  return { statusCode: result.statusCode, reply: JSON.parse(result.body ?? 'null') };
}

const subscribe = JSON.stringify({ action: 'subscribe', checkId: CHECK_ID });

beforeEach(() => {
  ddb.reset();
});

describe('ws-message handler', () => {
  it('subscribes, then replies with the check as read after subscribing', async () => {
    knownConnection();
    ddb
      .on(GetCommand, { TableName: ENV.CHECKS_TABLE_NAME, Key: { id: CHECK_ID } })
      .resolvesOnce({ Item: storedCheck() })
      .resolves({ Item: storedCheck({ version: 2, progress: 33 }) });
    ddb.on(TransactWriteCommand).resolves({});

    const { statusCode, reply } = await send('subscribe', subscribe);

    expect(statusCode).toBe(200);
    expect(reply).toEqual({
      type: 'subscribed',
      checkId: CHECK_ID,
      check: expect.objectContaining({ id: CHECK_ID, version: 2, progress: 33, status: 'processing' }),
    });
    expect(reply).not.toHaveProperty('check.tenant');
    expect(reply).not.toHaveProperty('check.job');
    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: [
        {
          Put: expect.objectContaining({
            Item: expect.objectContaining({ pk: `CHECK#${CHECK_ID}`, tenant: TENANT }),
          }),
        },
        { Put: expect.objectContaining({ Item: expect.objectContaining({ sk: `SUB#${CHECK_ID}` }) }) },
      ],
    });
    const order = ddb.calls().map((call) => call.args[0].constructor.name);
    expect(order).toEqual(['GetCommand', 'GetCommand', 'TransactWriteCommand', 'GetCommand']);
  });

  it("answers NOT_FOUND for another tenant's check and subscribes nothing", async () => {
    knownConnection();
    ddb
      .on(GetCommand, { TableName: ENV.CHECKS_TABLE_NAME })
      .resolves({ Item: storedCheck({ tenant: 'other' }) });

    const { statusCode, reply } = await send('subscribe', subscribe);

    expect(statusCode).toBe(200);
    expect(reply).toEqual({ type: 'error', code: 'NOT_FOUND', message: `Check ${CHECK_ID} not found` });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers UNAUTHORIZED for a connection it does not know', async () => {
    ddb.on(GetCommand).resolves({});

    const { statusCode, reply } = await send('subscribe', subscribe);

    expect(statusCode).toBe(200);
    expect(reply).toMatchObject({ type: 'error', code: 'UNAUTHORIZED' });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers VALIDATION_ERROR for a bad check id without touching the tables', async () => {
    const { statusCode, reply } = await send('subscribe', '{"action":"subscribe","checkId":"42"}');

    expect(statusCode).toBe(200);
    expect(reply).toEqual({
      type: 'error',
      code: 'VALIDATION_ERROR',
      message: 'Invalid subscribe message: checkId: must be a check id (a UUID)',
    });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('unsubscribes', async () => {
    knownConnection();
    ddb.on(TransactWriteCommand).resolves({});

    const { reply } = await send('unsubscribe', JSON.stringify({ action: 'unsubscribe', checkId: CHECK_ID }));

    expect(reply).toEqual({ type: 'unsubscribed', checkId: CHECK_ID });
    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: [
        {
          Delete: { TableName: ENV.CONNECTIONS_TABLE_NAME, Key: { pk: `CHECK#${CHECK_ID}`, sk: 'CONN#c1=' } },
        },
        { Delete: { TableName: ENV.CONNECTIONS_TABLE_NAME, Key: { pk: 'CONN#c1=', sk: `SUB#${CHECK_ID}` } } },
      ],
    });
  });

  it('answers ping with pong', async () => {
    await expect(send('ping', '{"action":"ping"}')).resolves.toEqual({
      statusCode: 200,
      reply: { type: 'pong' },
    });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers a frame that is not JSON with INVALID_JSON', async () => {
    const { statusCode, reply } = await send('$default', 'hello');

    expect(statusCode).toBe(200);
    expect(reply).toMatchObject({ type: 'error', code: 'INVALID_JSON' });
  });

  it('answers an unknown action with UNKNOWN_ACTION', async () => {
    await expect(send('$default', '{"action":"shout"}')).resolves.toEqual({
      statusCode: 200,
      reply: {
        type: 'error',
        code: 'UNKNOWN_ACTION',
        message: 'Unknown action "shout"; use subscribe, unsubscribe or ping',
      },
    });
  });

  it('answers INTERNAL, without the cause, when a table fails', async () => {
    knownConnection();
    ddb.on(GetCommand, { TableName: ENV.CHECKS_TABLE_NAME }).resolves({ Item: storedCheck() });
    ddb
      .on(TransactWriteCommand)
      .rejects(new Error('ProvisionedThroughputExceededException: arn:aws:dynamodb:…'));

    const { statusCode, reply } = await send('subscribe', subscribe);

    expect(statusCode).toBe(200);
    expect(reply).toEqual({ type: 'error', code: 'INTERNAL', message: 'Internal error; try again' });
  });
});

import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudEvent, subscription, SUBSCRIPTION_ID } from './support';
import { encodeCursor } from '../../../lambda/webhooks/list-failures';
import { newFailure } from '../../../lambda/webhooks/record-failure';
import type { WebhookFailure } from '../../../lambda/webhooks/webhook-failure';
import { handler } from '../../../lambda/webhooks/subscription-failures';
import { ENV } from '../env';
import { OTHER_TENANT, TENANT } from '../support/checks';
import { restEvent } from '../support/rest-event';

const sns = mockClient(SNSClient);
const ddb = mockClient(DynamoDBDocumentClient);

function failure(n: number, version = n): WebhookFailure {
  return newFailure({
    subscription: { tenant: TENANT, id: SUBSCRIPTION_ID },
    delivery: {
      snsMessageId: `sns-${n}`,
      subscriptionArn: subscription().subscriptionArn,
      event: cloudEvent({ version, status: 'processing', progress: 50 }),
    },
    queueMessageId: `sqs-${n}`,
    failedAt: new Date(Date.UTC(2026, 2, n)),
    errorCode: n % 2 === 0 ? 'HttpError' : undefined,
  });
}

const failures = (id = SUBSCRIPTION_ID, query: Record<string, string> | null = null) =>
  restEvent({
    method: 'GET',
    resource: '/subscriptions/{id}/failures',
    path: `/subscriptions/${id}/failures`,
    pathParameters: { id },
    query,
  });

const replay = (id = SUBSCRIPTION_ID) =>
  restEvent({
    method: 'POST',
    resource: '/subscriptions/{id}/replay',
    path: `/subscriptions/${id}/replay`,
    pathParameters: { id },
  });

function bodyOf(
  result: APIGatewayProxyResult,
): Record<string, unknown> & { error?: { code: string; message: string } } {
  return JSON.parse(result.body) as Record<string, unknown> & { error?: { code: string; message: string } };
}

function givenStored(tenant = TENANT) {
  ddb
    .on(GetCommand, { TableName: ENV.SUBSCRIPTIONS_TABLE_NAME, Key: { tenant, id: SUBSCRIPTION_ID } })
    .resolves({ Item: subscription({ tenant }) });
}

beforeEach(() => {
  sns.reset();
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(BatchWriteCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: 'replayed' });
});

describe('GET /subscriptions/{id}/failures', () => {
  it('lists the newest 50 failures first, with a cursor to the next page', async () => {
    givenStored();
    ddb.on(QueryCommand).resolves({
      Items: [failure(2), failure(1)],
      LastEvaluatedKey: { subscriptionId: SUBSCRIPTION_ID, failureId: failure(1).failureId },
    });

    const result = await handler(failures());

    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({
      items: [
        {
          failureId: failure(2).failureId,
          snsMessageId: 'sns-2',
          event: failure(2).event,
          errorCode: 'HttpError',
          errorMessage: null,
          failedAt: failure(2).failedAt,
        },
        expect.objectContaining({ failureId: failure(1).failureId, errorCode: null }),
      ],
      nextCursor: encodeCursor(failure(1).failureId),
    });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: ENV.FAILURES_TABLE_NAME,
      ExpressionAttributeValues: { ':subscriptionId': SUBSCRIPTION_ID },
      ScanIndexForward: false,
      Limit: 50,
      ExclusiveStartKey: undefined,
    });
  });

  it('continues after the cursor, with the limit asked for, and ends with a null cursor', async () => {
    givenStored();
    ddb.on(QueryCommand).resolves({ Items: [failure(1)] });

    const result = await handler(
      failures(SUBSCRIPTION_ID, { limit: '10', cursor: encodeCursor(failure(2).failureId) }),
    );

    expect(bodyOf(result)).toMatchObject({ nextCursor: null });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      Limit: 10,
      ExclusiveStartKey: { subscriptionId: SUBSCRIPTION_ID, failureId: failure(2).failureId },
    });
  });

  it.each([
    ['a limit of 0', { limit: '0' }, 'limit'],
    ['a limit over 100', { limit: '101' }, 'limit'],
    ['a limit that is no number', { limit: 'all' }, 'limit'],
    ['a cursor it never gave', { cursor: 'not-a-cursor' }, 'Invalid cursor'],
  ])('answers 400 for %s', async (_, query, message) => {
    givenStored();
    const result = await handler(failures(SUBSCRIPTION_ID, query));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringContaining(message),
    });
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
  });

  it("answers 404 for another tenant's subscription and reads none of its failures", async () => {
    givenStored(OTHER_TENANT);
    const result = await handler(failures());
    expect(result.statusCode).toBe(404);
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
  });

  it('answers 400 for an id that is no UUID', async () => {
    const result = await handler(failures('x'));
    expect(result.statusCode).toBe(400);
    expect(ddb).not.toHaveReceivedCommand(GetCommand);
  });
});

describe('POST /subscriptions/{id}/replay', () => {
  it('publishes every failure again for this subscription only, deletes the records and answers 202', async () => {
    givenStored();
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [failure(3), failure(2)],
        LastEvaluatedKey: { subscriptionId: SUBSCRIPTION_ID, failureId: failure(2).failureId },
      })
      .resolvesOnce({ Items: [failure(1)] });

    const result = await handler(replay());

    expect(result.statusCode).toBe(202);
    expect(bodyOf(result)).toEqual({ replayed: 3 });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 3);
    const first = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(first).toEqual({
      TopicArn: ENV.WEBHOOK_TOPIC_ARN,
      Message: JSON.stringify(failure(3).event),
      MessageAttributes: {
        type: { DataType: 'String', StringValue: 'check.progress' },
        checkId: { DataType: 'String', StringValue: failure(3).event.subject },
        tenant: { DataType: 'String', StringValue: TENANT },
        replayFor: { DataType: 'String', StringValue: SUBSCRIPTION_ID },
      },
    });
    const deleted = ddb
      .commandCalls(BatchWriteCommand)
      .flatMap((call) => call.args[0].input.RequestItems?.[ENV.FAILURES_TABLE_NAME] ?? [])
      .map((request) => request.DeleteRequest?.Key);
    expect(deleted).toEqual(
      [3, 2, 1].map((n) => ({ subscriptionId: SUBSCRIPTION_ID, failureId: failure(n).failureId })),
    );
    expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({
      subscriptionId: SUBSCRIPTION_ID,
      failureId: failure(2).failureId,
    });
  });

  it('keeps the record of a message it could not publish, and answers 503', async () => {
    givenStored();
    ddb.on(QueryCommand).resolves({ Items: [failure(2), failure(1)] });
    sns
      .on(PublishCommand, { Message: JSON.stringify(failure(2).event) })
      .rejects(new Error('Throttling: Rate exceeded'));

    const result = await handler(replay());

    expect(result.statusCode).toBe(503);
    expect(bodyOf(result).error).toEqual({
      code: 'UNAVAILABLE',
      message: '1 failed messages could not be published again (1 were); replay again later',
    });
    expect(ddb).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: {
        [ENV.FAILURES_TABLE_NAME]: [
          { DeleteRequest: { Key: { subscriptionId: SUBSCRIPTION_ID, failureId: failure(1).failureId } } },
        ],
      },
    });
  });

  it('retries the deletes DynamoDB leaves unprocessed', async () => {
    givenStored();
    ddb.on(QueryCommand).resolves({ Items: [failure(1)] });
    const request = {
      DeleteRequest: { Key: { subscriptionId: SUBSCRIPTION_ID, failureId: failure(1).failureId } },
    };
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [ENV.FAILURES_TABLE_NAME]: [request] } })
      .resolvesOnce({});

    const result = await handler(replay());

    expect(result.statusCode).toBe(202);
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 2);
  });

  it('answers 202 with nothing replayed when there are no failures', async () => {
    givenStored();
    ddb.on(QueryCommand).resolves({ Items: [] });
    const result = await handler(replay());
    expect(result.statusCode).toBe(202);
    expect(bodyOf(result)).toEqual({ replayed: 0 });
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
  });

  it("answers 404 for another tenant's subscription and publishes nothing", async () => {
    givenStored(OTHER_TENANT);
    ddb.on(QueryCommand).resolves({ Items: [failure(1)] });
    const result = await handler(replay());
    expect(result.statusCode).toBe(404);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
  });

  it('answers 401 without a tenant', async () => {
    const result = await handler({
      ...replay(),
      requestContext: { ...replay().requestContext, authorizer: null },
    });
    expect(result.statusCode).toBe(401);
  });
});

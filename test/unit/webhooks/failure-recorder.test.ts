import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudEvent, notificationEnvelope, SUBSCRIPTION_ARN, SUBSCRIPTION_ID } from './support';
import { FAILURE_RETENTION_SECONDS } from '../../../lambda/webhooks/webhook-failure';
import { handler } from '../../../lambda/webhooks/failure-recorder';
import { logger } from '../../../lambda/shared/logger';
import { ENV } from '../env';
import { TENANT } from '../support/checks';
import { context, SENT_AT, sqsEvent, sqsRecord } from '../support/lambda-events';

const ddb = mockClient(DynamoDBDocumentClient);

const run = (...records: SQSRecord[]) => handler(sqsEvent(...records), context);

const errorAttributes: SQSRecord['messageAttributes'] = {
  ErrorCode: { dataType: 'String', stringValue: 'EndpointUnavailable' },
  ErrorMessage: { dataType: 'String', stringValue: 'HTTP 503 from the endpoint' },
  RequestID: { dataType: 'String', stringValue: 'req-1' },
};

beforeEach(() => {
  ddb.reset();
  ddb
    .on(QueryCommand)
    .resolves({ Items: [{ tenant: TENANT, id: SUBSCRIPTION_ID, subscriptionArn: SUBSCRIPTION_ARN }] });
  ddb.on(PutCommand).resolves({});
  jest.restoreAllMocks();
});

it('finds the subscription from the UnsubscribeURL and records the failure with its error', async () => {
  const event = cloudEvent({ version: 4, status: 'done', progress: 100 });

  const result = await run(sqsRecord('sqs-1', JSON.stringify(notificationEnvelope(event)), errorAttributes));

  expect(result).toEqual({ batchItemFailures: [] });
  expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
    TableName: ENV.SUBSCRIPTIONS_TABLE_NAME,
    IndexName: ENV.SUBSCRIPTION_ARN_INDEX,
    ExpressionAttributeValues: { ':arn': SUBSCRIPTION_ARN },
  });
  expect(ddb).toHaveReceivedCommandWith(PutCommand, {
    TableName: ENV.FAILURES_TABLE_NAME,
    Item: {
      subscriptionId: SUBSCRIPTION_ID,
      tenant: TENANT,
      failureId: `${SENT_AT.toISOString()}#sqs-1`,
      snsMessageId: 'sns-message-1',
      event,
      errorCode: 'EndpointUnavailable',
      errorMessage: 'HTTP 503 from the endpoint',
      failedAt: SENT_AT.toISOString(),
      expiresAt: SENT_AT.getTime() / 1000 + FAILURE_RETENTION_SECONDS,
    },
  });
});

it('records a failure that SQS gave no error for', async () => {
  await run(sqsRecord('sqs-message-1', JSON.stringify(notificationEnvelope())));
  const item = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item;
  expect(item).toMatchObject({ subscriptionId: SUBSCRIPTION_ID });
  expect(item).not.toHaveProperty('errorCode');
  expect(item).not.toHaveProperty('errorMessage');
});

it.each([
  ['a body that is not JSON', 'garbage'],
  ['a JSON body that is no notification', JSON.stringify({ Records: [] })],
  [
    'a notification whose message is no CloudEvent',
    JSON.stringify({ ...notificationEnvelope(), Message: '{}' }),
  ],
])('fails the record of %s, so it stays queued', async (_, body) => {
  const result = await run(sqsRecord('bad-1', body));
  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad-1' }] });
  expect(ddb).not.toHaveReceivedCommand(PutCommand);
});

it('fails only the bad record of a batch', async () => {
  const result = await run(
    sqsRecord('good-1', JSON.stringify(notificationEnvelope())),
    sqsRecord('bad-1', '{'),
    sqsRecord('good-2', JSON.stringify(notificationEnvelope())),
  );
  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad-1' }] });
  expect(ddb).toHaveReceivedCommandTimes(PutCommand, 2);
});

it('acknowledges the message of a deleted subscription, logging all of it', async () => {
  ddb.on(QueryCommand).resolves({ Items: [] });
  const warn = jest.spyOn(logger, 'warn');
  const body = JSON.stringify(notificationEnvelope());

  const result = await run(sqsRecord('orphan-1', body, errorAttributes));

  expect(result).toEqual({ batchItemFailures: [] });
  expect(ddb).not.toHaveReceivedCommand(PutCommand);
  expect(warn).toHaveBeenCalledWith(
    'Undelivered message of a deleted subscription dropped',
    expect.objectContaining({
      messageId: 'orphan-1',
      subscriptionArn: SUBSCRIPTION_ARN,
      body,
      messageAttributes: errorAttributes,
    }),
  );
});

it('fails the record when the failure cannot be stored', async () => {
  ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
  const result = await run(sqsRecord('sqs-9', JSON.stringify(notificationEnvelope())));
  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'sqs-9' }] });
});

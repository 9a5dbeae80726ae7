import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ABANDON_REASON } from '../../../lambda/worker/run-job';
import { handler } from '../../../lambda/worker/abandon-job';
import { context, sqsEvent, sqsRecord } from '../support/lambda-events';
import { CHECK_ID, storedCheck, TENANT } from '../support/checks';
import { ENV } from '../env';

const ddb = mockClient(DynamoDBDocumentClient);

const JOB = JSON.stringify({ tenant: TENANT, checkId: CHECK_ID });

beforeEach(() => {
  ddb.reset();
});

describe('abandon-job handler', () => {
  it('marks the check of a dead job failed, conditionally on the version it read', async () => {
    ddb.on(GetCommand).resolves({ Item: storedCheck({ job: { steps: 3 }, version: 2, progress: 33 }) });
    ddb.on(UpdateCommand).resolves({});

    const response = await handler(sqsEvent(sqsRecord('m1', JOB)), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: ENV.CHECKS_TABLE_NAME,
      Key: { id: CHECK_ID },
      ConditionExpression: 'attribute_exists(id) AND #version = :expected',
      ExpressionAttributeValues: expect.objectContaining({
        ':expected': 2,
        ':version': 3,
        ':status': 'failed',
        ':progress': 33,
        ':result': { message: ABANDON_REASON },
      }),
    });
  });

  it('leaves a finished check alone', async () => {
    ddb.on(GetCommand).resolves({ Item: storedCheck({ status: 'done', version: 4, progress: 100 }) });

    await expect(handler(sqsEvent(sqsRecord('m1', JOB)), context)).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it("acknowledges a missing check and never touches another tenant's", async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: storedCheck({ tenant: 'other' }) });

    const response = await handler(sqsEvent(sqsRecord('m1', JOB), sqsRecord('m2', JOB)), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('retries on the newer version when a late delivery stepped the check meanwhile', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: storedCheck({ job: { steps: 3 } }) })
      .resolves({ Item: storedCheck({ job: { steps: 3 }, version: 2, progress: 33 }) });
    ddb
      .on(UpdateCommand)
      .rejectsOnce(Object.assign(new Error('conditional'), { name: 'ConditionalCheckFailedException' }))
      .resolves({});

    await expect(handler(sqsEvent(sqsRecord('m1', JOB)), context)).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(
      ddb
        .commandCalls(UpdateCommand)
        .map((call) => call.args[0].input.ExpressionAttributeValues?.[':expected']),
    ).toEqual([1, 2]);
  });

  it('keeps a body that names no check in the queue', async () => {
    const response = await handler(sqsEvent(sqsRecord('bad', '{"checkId":"x"}')), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('fails the record when the table fails', async () => {
    ddb.on(GetCommand).rejects(Object.assign(new Error('down'), { name: 'InternalServerError' }));

    const response = await handler(sqsEvent(sqsRecord('m1', JOB)), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });
});

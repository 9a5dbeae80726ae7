import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createWorkerHandler, handler } from '../../../lambda/worker/worker';
import { documentClient } from '../../../lambda/shared/dynamo';
import { DynamoCheckStore } from '../../../lambda/checks/dynamo-check-store';
import { context, sqsEvent, sqsRecord } from '../support/lambda-events';
import { CHECK_ID, storedCheck, TENANT } from '../support/checks';
import { ENV } from '../env';

const ddb = mockClient(DynamoDBDocumentClient);

const JOB = JSON.stringify({ tenant: TENANT, checkId: CHECK_ID });

function conditionalCheckFailed(): Error {
  return Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
  });
}

function expectedVersions(): unknown[] {
  return ddb
    .commandCalls(UpdateCommand)
    .map((call) => call.args[0].input.ExpressionAttributeValues?.[':expected']);
}

beforeEach(() => {
  ddb.reset();
});

describe('worker handler', () => {
  it('runs the job to done with one conditional update per step', async () => {
    ddb.on(GetCommand).resolves({ Item: storedCheck({ job: { steps: 2 } }) });
    ddb.on(UpdateCommand).resolves({});

    const response = await handler(sqsEvent(sqsRecord('m1', JOB)), context);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: ENV.CHECKS_TABLE_NAME,
      Key: { id: CHECK_ID },
      ConsistentRead: true,
    });
    expect(expectedVersions()).toEqual([1, 2]);
    expect(ddb).toHaveReceivedNthCommandWith(3, UpdateCommand, {
      TableName: ENV.CHECKS_TABLE_NAME,
      Key: { id: CHECK_ID },
      ExpressionAttributeValues: expect.objectContaining({
        ':status': 'done',
        ':version': 3,
        ':progress': 100,
      }),
    });
  });

  it('resumes from the stored version', async () => {
    ddb.on(GetCommand).resolves({ Item: storedCheck({ job: { steps: 3 }, version: 3, progress: 67 }) });
    ddb.on(UpdateCommand).resolves({});

    await expect(handler(sqsEvent(sqsRecord('m1', JOB)), context)).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(expectedVersions()).toEqual([3]);
  });

  it('reloads and carries on when another delivery wins the conditional update', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: storedCheck({ job: { steps: 3 } }) })
      .resolves({ Item: storedCheck({ job: { steps: 3 }, version: 2, progress: 33 }) });
    ddb.on(UpdateCommand).rejectsOnce(conditionalCheckFailed()).resolves({});

    await expect(handler(sqsEvent(sqsRecord('m1', JOB)), context)).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 2);
    expect(expectedVersions()).toEqual([1, 2, 3]);
  });

  it('acknowledges a job whose check is gone', async () => {
    ddb.on(GetCommand).resolves({});

    await expect(handler(sqsEvent(sqsRecord('m1', JOB)), context)).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it("does not run another tenant's check", async () => {
    ddb.on(GetCommand).resolves({ Item: storedCheck({ tenant: 'other' }) });

    await expect(handler(sqsEvent(sqsRecord('m1', JOB)), context)).resolves.toEqual({
      batchItemFailures: [],
    });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it.each([
    ['not JSON', '{"tenant":'],
    ['no check id', JSON.stringify({ tenant: TENANT })],
    ['a bad check id', JSON.stringify({ tenant: TENANT, checkId: '42' })],
    ['a bad tenant', JSON.stringify({ tenant: '', checkId: CHECK_ID })],
  ])('fails a record whose body has %s, and only that record', async (_, body) => {
    ddb.on(GetCommand).resolves({ Item: storedCheck({ job: { steps: 1 } }) });
    ddb.on(UpdateCommand).resolves({});

    const response = await handler(sqsEvent(sqsRecord('good', JOB), sqsRecord('bad', body)), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
  });

  it('reports a batch of bad records instead of throwing', async () => {
    const response = await handler(sqsEvent(sqsRecord('bad', 'nope')), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('fails the record when the table fails, so the job is retried', async () => {
    ddb.on(GetCommand).resolves({ Item: storedCheck({ job: { steps: 2 } }) });
    ddb.on(UpdateCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));

    const response = await handler(sqsEvent(sqsRecord('m1', JOB)), context);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });

  it('runs the records of a batch in parallel', async () => {
    const other = 'a3c1b2d4-0000-4000-8000-000000000000';
    ddb.on(GetCommand, { Key: { id: CHECK_ID } }).resolves({ Item: storedCheck({ job: { steps: 1 } }) });
    ddb
      .on(GetCommand, { Key: { id: other } })
      .resolves({ Item: storedCheck({ job: { steps: 1 }, id: other }) });
    ddb.on(UpdateCommand).resolves({});
    // Each job's sleep returns only once both jobs are sleeping: serial processing never gets there.
    let sleeping = 0;
    let release: () => void = () => undefined;
    const bothSleeping = new Promise<void>((resolve) => (release = resolve));
    const tooLate = new Promise<void>((_, reject) =>
      setTimeout(() => reject(new Error('the jobs ran one after the other')), 1000).unref(),
    );
    const parallelHandler = createWorkerHandler({
      store: new DynamoCheckStore(documentClient, ENV.CHECKS_TABLE_NAME),
      sleep: async () => {
        sleeping += 1;
        if (sleeping === 2) release();
        await Promise.race([bothSleeping, tooLate]);
      },
      now: () => new Date(),
    });

    const response = await parallelHandler(
      sqsEvent(sqsRecord('m1', JOB), sqsRecord('m2', JSON.stringify({ tenant: TENANT, checkId: other }))),
      context,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 2);
  });
});

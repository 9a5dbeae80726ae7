import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createCheckHandler, handler } from '../../../lambda/checks/create-check';
import { JOB_NOT_QUEUED_REASON } from '../../../lambda/checks/submit-check';
import { SqsJobQueue } from '../../../lambda/checks/sqs-job-queue';
import { DynamoCheckStore } from '../../../lambda/checks/dynamo-check-store';
import { documentClient } from '../../../lambda/shared/dynamo';
import { CHECK_ID } from '../support/checks';
import { restEvent } from '../support/rest-event';
import { ENV } from '../env';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const post = (body: string | null, changes: Parameters<typeof restEvent>[0] = {}) =>
  handler(
    restEvent({
      method: 'POST',
      path: '/checks',
      resource: '/checks',
      pathParameters: null,
      headers: { 'Content-Type': 'application/json' },
      body,
      ...changes,
    }),
  );

const bodyOf = (result: APIGatewayProxyResult): Record<string, unknown> => JSON.parse(result.body);

describe('create-check handler', () => {
  beforeEach(() => {
    ddb.reset();
    sqs.reset();
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  it('stores the check, queues its job and answers 202 with the check, its URL and its ETag', async () => {
    const result = await post(JSON.stringify({ target: 'example.com', steps: 3, stepMs: 20, failAtStep: 2 }));

    expect(result.statusCode).toBe(202);
    const body = bodyOf(result);
    expect(body).toEqual({
      id: expect.stringMatching(UUID),
      status: 'processing',
      progress: 0,
      version: 1,
      target: 'example.com',
      createdAt: expect.any(String),
      updatedAt: body.createdAt,
    });
    expect(result.headers).toMatchObject({
      Location: `/prod/checks/${String(body.id)}`,
      ETag: '"1"',
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': '*',
    });
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: ENV.CHECKS_TABLE_NAME,
      Item: expect.objectContaining({
        id: body.id,
        tenant: 'acme',
        status: 'processing',
        version: 1,
        job: { steps: 3, stepMs: 20, failAtStep: 2 },
      }),
    });
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: ENV.JOBS_QUEUE_URL,
    });
    const message = sqs.commandCalls(SendMessageCommand)[0].args[0].input.MessageBody;
    expect(JSON.parse(message ?? '')).toEqual({ tenant: 'acme', checkId: body.id });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('gives every check a new id', async () => {
    const first = bodyOf(await post('{"target":"a"}'));
    const second = bodyOf(await post('{"target":"a"}'));

    expect(first.id).not.toBe(second.id);
  });

  it('applies the default job: 5 steps of 1 s', async () => {
    await post('{"target":"example.com"}');

    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ job: { steps: 5, stepMs: 1000 } }),
    });
  });

  it('builds the Location from the staged path, without a doubled slash', async () => {
    const result = await post('{"target":"example.com"}', { stagePath: '/v1/checks/' });

    expect(result.headers?.Location).toBe(`/v1/checks/${String(bodyOf(result).id)}`);
  });

  it('uses the injected id and clock', async () => {
    const create = createCheckHandler({
      store: new DynamoCheckStore(documentClient, ENV.CHECKS_TABLE_NAME),
      queue: new SqsJobQueue(new SQSClient({}), 'https://queue'),
      newId: () => CHECK_ID,
      now: () => new Date('2026-05-06T07:08:09.000Z'),
    });

    const result = await create(
      restEvent({ method: 'POST', path: '/checks', pathParameters: null, body: '{"target":"x"}' }),
    );

    expect(bodyOf(result)).toMatchObject({ id: CHECK_ID, createdAt: '2026-05-06T07:08:09.000Z' });
    expect(result.headers?.Location).toBe(`/prod/checks/${CHECK_ID}`);
  });

  it.each([
    ['no body', null, 'INVALID_JSON'],
    ['an empty body', '  ', 'INVALID_JSON'],
    ['a body that is not JSON', '{target:', 'INVALID_JSON'],
    ['a JSON array', '[]', 'VALIDATION_ERROR'],
    ['no target', '{}', 'VALIDATION_ERROR'],
    ['an empty target', '{"target":""}', 'VALIDATION_ERROR'],
    ['a target of 257 characters', JSON.stringify({ target: 'x'.repeat(257) }), 'VALIDATION_ERROR'],
    ['a target that is not a string', '{"target":42}', 'VALIDATION_ERROR'],
    ['0 steps', '{"target":"x","steps":0}', 'VALIDATION_ERROR'],
    ['21 steps', '{"target":"x","steps":21}', 'VALIDATION_ERROR'],
    ['a fractional step count', '{"target":"x","steps":1.5}', 'VALIDATION_ERROR'],
    ['a negative stepMs', '{"target":"x","stepMs":-1}', 'VALIDATION_ERROR'],
    ['a stepMs over 10 s', '{"target":"x","stepMs":10001}', 'VALIDATION_ERROR'],
    ['failAtStep 0', '{"target":"x","failAtStep":0}', 'VALIDATION_ERROR'],
    ['failAtStep after the last step', '{"target":"x","steps":3,"failAtStep":4}', 'VALIDATION_ERROR'],
    ['an unknown field', '{"target":"x","priority":1}', 'VALIDATION_ERROR'],
  ])('answers 400 to %s, and stores and queues nothing', async (_case, body, code) => {
    const result = await post(body);

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ error: { code, message: expect.any(String) } });
    expect(result.headers).toMatchObject({ 'Access-Control-Allow-Origin': '*' });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('names the bad field in the message', async () => {
    const result = await post('{"target":"x","steps":3,"failAtStep":4}');

    expect(bodyOf(result)).toEqual({
      error: {
        code: 'VALIDATION_ERROR',
        message: 'Invalid check: failAtStep: must not be greater than steps',
      },
    });
  });

  it('answers 401 when the authorizer passed no tenant', async () => {
    const result = await post('{"target":"x"}', { tenant: null });

    expect(result.statusCode).toBe(401);
    expect(bodyOf(result)).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Unauthorized' } });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('marks the check failed and answers 503 when the job cannot be queued', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('AWS.SimpleQueueService.NonExistentQueue secret-detail'));

    const result = await post('{"target":"example.com"}');

    expect(result.statusCode).toBe(503);
    expect(bodyOf(result)).toEqual({
      error: { code: 'UNAVAILABLE', message: 'The check could not be started; try again later' },
    });
    expect(result.body).not.toContain('secret-detail');
    const checkId = ddb.commandCalls(PutCommand)[0].args[0].input.Item?.id;
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: ENV.CHECKS_TABLE_NAME,
      Key: { id: checkId },
      ExpressionAttributeValues: expect.objectContaining({
        ':status': 'failed',
        ':version': 2,
        ':expected': 1,
        ':result': { message: JOB_NOT_QUEUED_REASON },
      }),
    });
  });

  it('answers 500 without the SDK message, and queues nothing, when the check cannot be stored', async () => {
    ddb.on(PutCommand).rejects(new Error('ProvisionedThroughputExceeded secret-detail'));

    const result = await post('{"target":"example.com"}');

    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({ error: { code: 'INTERNAL', message: 'Internal error' } });
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });
});

import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsJobQueue } from '../../../lambda/checks/sqs-job-queue';

const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs';

describe('SqsJobQueue', () => {
  beforeEach(() => {
    sqs.reset();
  });

  it('sends the job as a JSON message to its queue', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });

    await new SqsJobQueue(new SQSClient({}), QUEUE_URL).enqueue({ tenant: 'acme', checkId: 'c-1' });

    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, { QueueUrl: QUEUE_URL });
    const body = sqs.commandCalls(SendMessageCommand)[0].args[0].input.MessageBody;
    expect(JSON.parse(body ?? '')).toEqual({ tenant: 'acme', checkId: 'c-1' });
  });

  it('sends only the tenant and the check id', async () => {
    sqs.on(SendMessageCommand).resolves({});
    const job = { tenant: 'acme', checkId: 'c-1', secret: 'x' };

    await new SqsJobQueue(new SQSClient({}), QUEUE_URL).enqueue(job);

    const body = sqs.commandCalls(SendMessageCommand)[0].args[0].input.MessageBody;
    expect(JSON.parse(body ?? '')).toEqual({ tenant: 'acme', checkId: 'c-1' });
  });

  it('lets a send failure reach the caller', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('throttled'));

    await expect(
      new SqsJobQueue(new SQSClient({}), QUEUE_URL).enqueue({ tenant: 'acme', checkId: 'c-1' }),
    ).rejects.toThrow('throttled');
  });
});

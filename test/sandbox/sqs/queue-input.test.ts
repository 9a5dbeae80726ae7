import { queuePlan } from '../../../sandbox/sqs/queue-input';
import { planResolver } from '../support/plan-resolver';

describe('queuePlan', () => {
  it('turns the attributes into strings and the redrive policy into JSON with a numeric maxReceiveCount', () => {
    expect(
      queuePlan(
        'Stack',
        'Jobs',
        {
          VisibilityTimeout: 1800,
          MessageRetentionPeriod: '1209600',
          DelaySeconds: 0,
          ReceiveMessageWaitTimeSeconds: 20,
          MaximumMessageSize: 262144,
          RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: '3' },
          SqsManagedSseEnabled: true,
          KmsMasterKeyId: { Ref: 'KeyTheSandboxDoesNotHave' },
        },
        planResolver(),
      ),
    ).toEqual({
      queueName: 'Stack-Jobs',
      attributes: {
        VisibilityTimeout: '1800',
        MessageRetentionPeriod: '1209600',
        DelaySeconds: '0',
        ReceiveMessageWaitTimeSeconds: '20',
        MaximumMessageSize: '262144',
        RedrivePolicy:
          '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:Stack-Dlq","maxReceiveCount":3}',
      },
    });
  });

  it('adds .fifo to a generated FIFO queue name and keeps a given name as it is', () => {
    expect(
      queuePlan('Stack', 'Orders', { FifoQueue: true, ContentBasedDeduplication: 'true' }, planResolver()),
    ).toEqual({
      queueName: 'Stack-Orders.fifo',
      attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
    });
    expect(
      queuePlan('Stack', 'Named', { QueueName: 'mine.fifo', FifoQueue: 'true' }, planResolver()).queueName,
    ).toBe('mine.fifo');
    expect(queuePlan('Stack', 'Plain', { FifoQueue: false }, planResolver())).toEqual({
      queueName: 'Stack-Plain',
      attributes: {},
    });
  });
});

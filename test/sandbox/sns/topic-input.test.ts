import { subscriptionPlan, topicPlan } from '../../../sandbox/sns/topic-input';
import { planResolver } from '../support/plan-resolver';

describe('topicPlan and subscriptionPlan', () => {
  it('maps a topic and its FIFO name', () => {
    expect(
      topicPlan(
        'Stack',
        'Events',
        { DisplayName: 'Check events', KmsMasterKeyId: 'alias/x' },
        planResolver(),
      ),
    ).toEqual({
      topicName: 'Stack-Events',
      attributes: { DisplayName: 'Check events' },
    });
    expect(
      topicPlan(
        'Stack',
        'Ordered',
        { FifoTopic: true, ContentBasedDeduplication: false, SignatureVersion: 2 },
        planResolver(),
      ),
    ).toEqual({
      topicName: 'Stack-Ordered.fifo',
      attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'false', SignatureVersion: '2' },
    });
  });

  it('maps a subscription with its policies as JSON text', () => {
    expect(
      subscriptionPlan(
        'Sub',
        {
          TopicArn: { Ref: 'Topic' },
          Protocol: 'sqs',
          Endpoint: { 'Fn::GetAtt': ['Dlq', 'Arn'] },
          RawMessageDelivery: true,
          FilterPolicy: { type: ['check.done'] },
          FilterPolicyScope: 'MessageAttributes',
          RedrivePolicy: '{"deadLetterTargetArn":"arn:x"}',
          Region: 'us-east-1',
        },
        planResolver(),
      ),
    ).toEqual({
      topicArn: 'arn:aws:sns:us-east-1:000000000000:Stack-Topic',
      protocol: 'sqs',
      endpoint: 'arn:aws:sqs:us-east-1:000000000000:Stack-Dlq',
      attributes: {
        RawMessageDelivery: 'true',
        FilterPolicy: '{"type":["check.done"]}',
        FilterPolicyScope: 'MessageAttributes',
        RedrivePolicy: '{"deadLetterTargetArn":"arn:x"}',
      },
    });
  });
});

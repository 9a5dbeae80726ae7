import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSnsSqs, type RunningSnsSqs } from '../../../../sandbox/sns/sns-sqs-server';

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '000000000000';

export interface SnsSqsHarness {
  readonly server: RunningSnsSqs;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly logs: string[];
  createTopic(name: string, attributes?: Record<string, string>): Promise<string>;
  createQueue(name: string): Promise<{ url: string; arn: string }>;
  stop(): Promise<void>;
}

/** The server on port 0 and real SDK clients pointed at it, with fake credentials. */
export async function startHarness(deliveryDelayScale = 0.001): Promise<SnsSqsHarness> {
  const logs: string[] = [];
  const server = await startSnsSqs({
    host: '127.0.0.1',
    port: 0,
    region: REGION,
    accountId: ACCOUNT_ID,
    deliveryDelayScale,
    requestTimeoutMs: 2000,
    webhookUrlPolicy: 'allow-loopback-http',
    log: (line) => logs.push(line),
  });
  const config = {
    endpoint: server.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  };
  const sns = new SNSClient(config);
  const sqs = new SQSClient(config);
  return {
    server,
    sns,
    sqs,
    logs,
    async createTopic(name, attributes) {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name, Attributes: attributes }));
      return TopicArn!;
    },
    async createQueue(name) {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
      );
      return { url: QueueUrl!, arn: Attributes!.QueueArn! };
    },
    async stop() {
      sns.destroy();
      sqs.destroy();
      await server.stop();
    },
  };
}

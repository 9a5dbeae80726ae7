import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { resourcesOfType, type SynthesizedStack } from '../platform/cloud-assembly';
import type { Resolver } from '../platform/resolver';
import { clientConfig, type SandboxAws } from '../platform/aws-environment';
import { queuePlan } from './queue-input';
import { orderByReferences } from '../platform/references';

export interface LocalQueue {
  readonly logicalId: string;
  readonly queueName: string;
  readonly queueUrl: string;
  readonly queueArn: string;
}

/**
 * Creates each `AWS::SQS::Queue` of the stack in the SQS emulator, dead-letter queues before
 * the queues that name them, and registers it: `Ref` is the queue URL, `Arn`, `QueueName` and
 * `QueueUrl` its attributes.
 */
export async function createQueues(
  stack: SynthesizedStack,
  resolver: Resolver,
  aws: SandboxAws,
  log: (line: string) => void,
): Promise<LocalQueue[]> {
  const client = new SQSClient(clientConfig(aws, aws.endpoints.sqs));
  const queues: LocalQueue[] = [];
  try {
    for (const { logicalId, properties } of orderByReferences(
      resourcesOfType(stack.template, 'AWS::SQS::Queue'),
    )) {
      const { queueName, attributes } = queuePlan(stack.stackName, logicalId, properties, resolver);
      const { QueueUrl: queueUrl } = await client.send(
        new CreateQueueCommand({ QueueName: queueName, Attributes: attributes }),
      );
      if (queueUrl === undefined) throw new Error(`CreateQueue ${queueName} returned no QueueUrl`);
      const { Attributes } = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
      );
      const queueArn = Attributes?.QueueArn;
      if (queueArn === undefined) throw new Error(`GetQueueAttributes ${queueName} returned no QueueArn`);
      resolver.register(logicalId, {
        ref: queueUrl,
        attributes: { Arn: queueArn, QueueName: queueName, QueueUrl: queueUrl },
      });
      queues.push({ logicalId, queueName, queueUrl, queueArn });
      log(`Queue ${queueName}${attributes.RedrivePolicy === undefined ? '' : ' (with a dead-letter queue)'}`);
    }
  } finally {
    client.destroy();
  }
  return queues;
}

/** The local URL of a queue, by its ARN: for event sources and on-failure destinations. */
export function queueUrlOf(queues: readonly LocalQueue[]): (queueArn: string) => string {
  const queueUrls = new Map(queues.map((queue) => [queue.queueArn, queue.queueUrl]));
  return (arn) => {
    const url = queueUrls.get(arn);
    if (url === undefined) throw new Error(`No local queue for ${arn}`);
    return url;
  };
}

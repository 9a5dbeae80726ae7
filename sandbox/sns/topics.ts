import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { resourcesOfType, type SynthesizedStack } from '../platform/cloud-assembly';
import type { Resolver } from '../platform/resolver';
import { clientConfig, type SandboxAws } from '../platform/aws-environment';
import { subscriptionPlan, topicPlan } from './topic-input';

export interface LocalTopic {
  readonly logicalId: string;
  readonly topicName: string;
  readonly topicArn: string;
}

/** The only protocol of a template's subscriptions the sandbox runs: the emulator delivers to its own queues. */
const RUN_PROTOCOL = 'sqs';

interface TemplateSubscription {
  readonly what: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Makes one `sqs` subscription of the template; any other protocol is reported and left out. */
async function subscribe(
  client: SNSClient,
  resolver: Resolver,
  log: (line: string) => void,
  { what, properties }: TemplateSubscription,
): Promise<string | undefined> {
  const protocol = resolver.resolveString(properties.Protocol);
  if (protocol !== RUN_PROTOCOL) {
    log(
      `Subscription ${what} (protocol ${protocol}) is not run: the sandbox runs a template's sqs subscriptions only`,
    );
    return undefined;
  }
  const plan = subscriptionPlan(what, properties, resolver);
  const { SubscriptionArn } = await client.send(
    new SubscribeCommand({
      TopicArn: plan.topicArn,
      Protocol: plan.protocol,
      Endpoint: plan.endpoint,
      Attributes: plan.attributes,
      ReturnSubscriptionArn: true,
    }),
  );
  if (SubscriptionArn === undefined) throw new Error(`Subscribe ${what} returned no SubscriptionArn`);
  log(`Subscription ${what}: ${plan.topicArn} -> ${plan.endpoint}`);
  return SubscriptionArn;
}

/**
 * Creates each `AWS::SNS::Topic` of the stack in the SNS emulator and registers it (`Ref` is
 * the topic ARN, `TopicArn` and `TopicName` its attributes), then makes its `sqs`
 * subscriptions: the `AWS::SNS::Subscription` resources (registered with `Ref` = subscription
 * ARN) and the topics' inline `Subscription` lists. Call it after createQueues, whose ARNs the
 * subscriptions name.
 */
export async function createTopics(
  stack: SynthesizedStack,
  resolver: Resolver,
  aws: SandboxAws,
  log: (line: string) => void,
): Promise<LocalTopic[]> {
  const client = new SNSClient(clientConfig(aws, aws.endpoints.sns));
  const topics: LocalTopic[] = [];
  try {
    for (const { logicalId, properties } of resourcesOfType(stack.template, 'AWS::SNS::Topic')) {
      const { topicName, attributes } = topicPlan(stack.stackName, logicalId, properties, resolver);
      const { TopicArn: topicArn } = await client.send(
        new CreateTopicCommand({ Name: topicName, Attributes: attributes }),
      );
      if (topicArn === undefined) throw new Error(`CreateTopic ${topicName} returned no TopicArn`);
      resolver.register(logicalId, {
        ref: topicArn,
        attributes: { TopicArn: topicArn, TopicName: topicName },
      });
      topics.push({ logicalId, topicName, topicArn });
      log(`Topic ${topicName}`);
      const inline = Array.isArray(properties.Subscription) ? (properties.Subscription as unknown[]) : [];
      for (const [index, subscription] of inline.entries()) {
        await subscribe(client, resolver, log, {
          what: `${logicalId}.Subscription[${index}]`,
          properties: { ...(subscription as Record<string, unknown>), TopicArn: topicArn },
        });
      }
    }
    for (const { logicalId, properties } of resourcesOfType(stack.template, 'AWS::SNS::Subscription')) {
      const subscriptionArn = await subscribe(client, resolver, log, { what: logicalId, properties });
      if (subscriptionArn !== undefined) resolver.register(logicalId, { ref: subscriptionArn });
    }
  } finally {
    client.destroy();
  }
  return topics;
}

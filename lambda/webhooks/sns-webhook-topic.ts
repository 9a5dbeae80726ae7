import {
  GetSubscriptionAttributesCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  type MessageAttributeValue,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { CheckCloudEvent } from '../shared/cloud-event';
import { ConflictError } from '../shared/errors';
import type { WebhookEndpoint, WebhookPublisher, WebhookSubscriber } from './webhook-topic';
import type { WebhookAttributes, WebhookFilterPolicy } from './webhook-policy';

// Errors are matched by name, not class: the runtime's SDK copy may differ from the bundled one.
const isNotFound = (error: unknown) => (error as Error).name === 'NotFoundException';

/** Publishes check events to the webhook topic; the attributes are what filter policies match. */
export class SnsWebhookPublisher implements WebhookPublisher {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(event: CheckCloudEvent, attributes: WebhookAttributes): Promise<void> {
    const messageAttributes: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(attributes)) {
      if (typeof value === 'string') messageAttributes[name] = { DataType: 'String', StringValue: value };
    }
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: JSON.stringify(event),
        MessageAttributes: messageAttributes,
      }),
    );
  }
}

export interface SnsWebhookSubscriberProps {
  readonly topicArn: string;
  /** The SQS queue that receives what SNS cannot deliver. */
  readonly deadLetterQueueArn: string;
  /** The subscription `DeliveryPolicy` JSON (retries, throttle, content type), passed as is. */
  readonly deliveryPolicy: string;
}

/** The topic's HTTP/S subscriptions, each with its filter policy, delivery policy and dead-letter queue. */
export class SnsWebhookSubscriber implements WebhookSubscriber {
  constructor(
    private readonly client: SNSClient,
    private readonly props: SnsWebhookSubscriberProps,
  ) {}

  async subscribe({ protocol, url }: WebhookEndpoint, filterPolicy: WebhookFilterPolicy): Promise<string> {
    let subscriptionArn: string | undefined;
    try {
      ({ SubscriptionArn: subscriptionArn } = await this.client.send(
        new SubscribeCommand({
          TopicArn: this.props.topicArn,
          Protocol: protocol,
          Endpoint: url,
          // Without it a pending subscription has no ARN, and its status could not be asked for.
          ReturnSubscriptionArn: true,
          Attributes: {
            FilterPolicyScope: 'MessageAttributes',
            FilterPolicy: JSON.stringify(filterPolicy),
            DeliveryPolicy: this.props.deliveryPolicy,
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: this.props.deadLetterQueueArn }),
          },
        }),
      ));
    } catch (error) {
      // SNS keeps one subscription per endpoint; ours differ by filter policy, so a second is refused.
      if (
        (error as Error).name === 'InvalidParameterException' &&
        /already exists/i.test((error as Error).message)
      ) {
        throw new ConflictError(`${url} already has a subscription; delete it or use another URL`);
      }
      throw error;
    }
    if (subscriptionArn === undefined || !subscriptionArn.startsWith('arn:')) {
      throw new Error(`SNS answered Subscribe without a subscription ARN: "${subscriptionArn}"`);
    }
    return subscriptionArn;
  }

  async setFilterPolicy(subscriptionArn: string, filterPolicy: WebhookFilterPolicy): Promise<boolean> {
    try {
      await this.client.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: subscriptionArn,
          AttributeName: 'FilterPolicy',
          AttributeValue: JSON.stringify(filterPolicy),
        }),
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async unsubscribe(subscriptionArn: string): Promise<void> {
    try {
      await this.client.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async isPendingConfirmation(subscriptionArn: string): Promise<boolean | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }),
      );
      return Attributes?.PendingConfirmation === 'true';
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

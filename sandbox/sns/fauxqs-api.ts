import { attributeEntries, elementText } from './fauxqs-xml';

export interface QueryAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * The sandbox's own calls to fauxqs, over loopback to the port it serves, so they go
 * through the same hooks as every client's. Unsigned, so fauxqs takes its default region.
 */
export class FauxqsApi {
  constructor(private readonly endpoint: string) {}

  async sns(
    params: Readonly<Record<string, string>>,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<QueryAnswer> {
    const response = await fetch(`${this.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
      body: new URLSearchParams({ ...params }).toString(),
    });
    return { status: response.status, body: await response.text() };
  }

  /** A topic's or subscription's attributes; undefined when it does not exist. */
  async attributes(
    action: 'GetTopicAttributes' | 'GetSubscriptionAttributes',
    arn: string,
  ): Promise<Record<string, string> | undefined> {
    const key = action === 'GetTopicAttributes' ? 'TopicArn' : 'SubscriptionArn';
    const answer = await this.sns({ Action: action, [key]: arn });
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) {
      throw new Error(
        `${action} ${arn} answered ${answer.status}: ${elementText(answer.body, 'Message') ?? answer.body}`,
      );
    }
    return attributeEntries(answer.body);
  }

  private async sqs(action: string, payload: object): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${action}` },
      body: JSON.stringify(payload),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`SQS ${action} answered ${response.status}: ${String(answer.message)}`);
    return answer;
  }

  /** Sends to the queue an SQS ARN names, with String message attributes. */
  async sendToQueue(
    queueArn: string,
    body: string,
    attributes: Readonly<Record<string, string>>,
  ): Promise<void> {
    const [, , , , accountId = '', queueName = ''] = queueArn.split(':');
    const { QueueUrl } = await this.sqs('GetQueueUrl', {
      QueueName: queueName,
      QueueOwnerAWSAccountId: accountId,
    });
    await this.sqs('SendMessage', {
      QueueUrl,
      MessageBody: body,
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
      ),
    });
  }
}

import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { arnKind } from './arns';

/** Where a stream mapping sends the on-failure record of records it gives up. */
export interface FailureDestination {
  readonly arn: string;
  send(record: unknown): Promise<void>;
}

export interface DestinationClients {
  readonly sqs: SQSClient;
  readonly sns: () => SNSClient;
  readonly queueUrlOf: (queueArn: string) => string;
}

/** An SQS queue gets the record as the message body, an SNS topic as the message, as Lambda sends them. */
export function failureDestination(arn: string, clients: DestinationClients): FailureDestination {
  switch (arnKind(arn)) {
    case 'sqs': {
      const queueUrl = clients.queueUrlOf(arn);
      return {
        arn,
        async send(record) {
          await clients.sqs.send(
            new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(record) }),
          );
        },
      };
    }
    case 'sns':
      return {
        arn,
        async send(record) {
          await clients.sns().send(new PublishCommand({ TopicArn: arn, Message: JSON.stringify(record) }));
        },
      };
    default:
      throw new Error(`The on-failure destination ${arn} is neither an SQS queue nor an SNS topic`);
  }
}

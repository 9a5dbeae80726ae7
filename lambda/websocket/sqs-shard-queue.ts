import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sendBatchesOf, type ShardMessage } from './shard-messages';
import type { ShardQueue } from './shard-queue';

/**
 * The fan-out FIFO queue, written with SendMessageBatch. Batches go one after another, and SQS
 * keeps a batch's entries in their order, so each group's messages are enqueued in order.
 */
export class SqsShardQueue implements ShardQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly ShardMessage[]): Promise<void> {
    for (const batch of sendBatchesOf(messages)) {
      const { Failed: failed = [] } = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((message, index) => ({
            Id: String(index),
            MessageBody: message.body,
            MessageGroupId: message.groupId,
            MessageDeduplicationId: message.deduplicationId,
          })),
        }),
      );
      // The whole change is sent again on retry: what was accepted is deduplicated then.
      if (failed.length > 0) {
        const reasons = failed.map((entry) => `${entry.Code}: ${entry.Message}`).join('; ');
        throw new Error(`${failed.length} of ${batch.length} fan-out messages were refused: ${reasons}`);
      }
    }
  }
}

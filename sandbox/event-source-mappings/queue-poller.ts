import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Invoker } from '../lambda/invoker';
import { judgeBatchResponse, type BatchVerdict } from './batch-response';
import type { QueueMapping } from './event-source-mapping';
import type { MappingLog } from './log';
import { queueFilterView, toQueueEventRecord, type SqsEventRecord } from './queue-record-event';
import { messagesToDelete } from './queue-settlement';
import type { RunningPoller } from './stream-poller';
import { sleep } from '../platform/sleep';
import { withRequestSignal } from './request-signal';

/** Lambda starts with five pollers on a queue; the sandbox keeps that many unless ScalingConfig says otherwise. */
export const DEFAULT_QUEUE_CONCURRENCY = 5;
/** Bounds the pollers of one queue on one machine, whatever ScalingConfig allows (up to 1,000 on AWS). */
export const MAX_QUEUE_CONCURRENCY = 50;
/** SQS's longest long poll. */
const LONG_POLL_SECONDS = 20;
const RECEIVE_LIMIT = 10;
const DELETE_LIMIT = 10;
const RECEIVE_ERROR_BACKOFF_MS = 1000;

export interface QueuePollerContext {
  readonly mapping: QueueMapping;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly invoker: Invoker;
  readonly region: string;
  readonly log: MappingLog;
}

/**
 * One mapping's pollers of an SQS queue: each long-polls, gathers a batch (up to BatchSize,
 * within the batching window), invokes the function, and deletes what succeeded. What it
 * does not delete comes back after the queue's visibility timeout.
 */
class QueuePoller implements RunningPoller {
  /**
   * One per poller: each waits on its own signal, as twenty pollers waiting on one shared
   * signal would be twenty listeners on it, which Node reports as a leak past ten.
   */
  private readonly controllers: AbortController[];
  private readonly loops: Array<Promise<void>>;

  constructor(private readonly context: QueuePollerContext) {
    const concurrency = Math.min(
      context.mapping.maximumConcurrency ?? DEFAULT_QUEUE_CONCURRENCY,
      MAX_QUEUE_CONCURRENCY,
    );
    this.controllers = Array.from({ length: concurrency }, () => new AbortController());
    this.loops = this.controllers.map(({ signal }) => this.poll(signal));
  }

  async stop(): Promise<void> {
    for (const controller of this.controllers) controller.abort();
    await Promise.all(this.loops);
  }

  private async poll(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const messages = await this.gather(signal);
      if (messages.length > 0 && !signal.aborted) await this.handle(messages);
    }
  }

  /** Long-polls until a first message, then keeps receiving until the batch is full or the window closes. */
  private async gather(signal: AbortSignal): Promise<Message[]> {
    const { mapping, sqs, queueUrl, log } = this.context;
    const messages: Message[] = [];
    let deadline: number | undefined;
    while (messages.length < mapping.batchSize && !signal.aborted) {
      const remainingMs = deadline === undefined ? LONG_POLL_SECONDS * 1000 : deadline - Date.now();
      if (remainingMs <= 0) break;
      try {
        const command = new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(RECEIVE_LIMIT, mapping.batchSize - messages.length),
          WaitTimeSeconds: Math.min(LONG_POLL_SECONDS, Math.ceil(remainingMs / 1000)),
          AttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        });
        const { Messages: received = [] } = await withRequestSignal(signal, (abortSignal) =>
          sqs.send(command, { abortSignal }),
        );
        messages.push(...received);
      } catch (error) {
        if (signal.aborted) break;
        log('ReceiveMessage failed; trying again', { error: String(error) });
        if (messages.length > 0) break;
        await sleep(RECEIVE_ERROR_BACKOFF_MS, signal);
        continue;
      }
      if (messages.length === 0) continue;
      if (mapping.maximumBatchingWindowInSeconds === 0) break;
      deadline ??= Date.now() + mapping.maximumBatchingWindowInSeconds * 1000;
    }
    return messages;
  }

  private async handle(messages: readonly Message[]): Promise<void> {
    const { mapping, invoker, log, region } = this.context;
    const records = messages.map((message) => toQueueEventRecord(message, mapping.eventSourceArn, region));
    const matching = records.filter(
      (record) => mapping.filter === undefined || mapping.filter(queueFilterView(record)),
    );
    const filteredOut = records.filter((record) => !matching.includes(record));
    // Lambda deletes the messages its filter drops.
    if (filteredOut.length > 0) await this.delete(filteredOut);
    if (matching.length === 0) return;
    const ids = matching.map((record) => record.messageId);
    let verdict: BatchVerdict;
    try {
      verdict = judgeBatchResponse(
        await invoker.invoke(mapping.functionName, { Records: matching }),
        ids,
        mapping.reportBatchItemFailures,
      );
    } catch (error) {
      verdict = { kind: 'failure', functionError: false, reason: `not invoked: ${String(error)}` };
    }
    if (verdict.kind !== 'success') {
      log('queue batch failed; the failed messages return after the visibility timeout', {
        messages: ids.length,
        ...(verdict.kind === 'partial' ? { failedMessages: verdict.failedIds } : { reason: verdict.reason }),
      });
    }
    const settled = new Set(messagesToDelete(verdict, ids));
    await this.delete(matching.filter((record) => settled.has(record.messageId)));
  }

  private async delete(records: readonly SqsEventRecord[]): Promise<void> {
    const { sqs, queueUrl, log } = this.context;
    for (let start = 0; start < records.length; start += DELETE_LIMIT) {
      const chunk = records.slice(start, start + DELETE_LIMIT);
      try {
        const { Failed: failed = [] } = await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((record, index) => ({
              Id: String(index),
              ReceiptHandle: record.receiptHandle,
            })),
          }),
        );
        for (const failure of failed) {
          const record = chunk[Number(failure.Id)];
          log('a message could not be deleted; it will come back', {
            messageId: record?.messageId,
            error: `${failure.Code}: ${failure.Message}`,
          });
        }
      } catch (error) {
        log('DeleteMessageBatch failed; the messages will come back', {
          messageIds: chunk.map((record) => record.messageId),
          error: String(error),
        });
      }
    }
  }
}

export function startQueuePoller(context: QueuePollerContext): RunningPoller {
  return new QueuePoller(context);
}

import { randomUUID } from 'node:crypto';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { Invoker, InvokeOutcome } from '../lambda/invoker';
import { judgeBatchResponse } from './batch-response';
import type { StreamMapping } from './event-source-mapping';
import type { FailureDestination } from './failure-destination';
import type { MappingLog } from './log';
import { sleep } from '../platform/sleep';
import { batchIsReady } from './stream-batching';
import { streamFailureRecord, type StreamDiscard } from './stream-failure-record';
import { toStreamEventRecord, type DynamoDBStreamEventRecord } from './stream-record-event';
import { expiredRecordCount, newSegment, nextStreamStep, type Segment } from './stream-retry';
import { withRequestSignal } from './request-signal';

/** DynamoDB Streams returns at most 1,000 records per GetRecords. */
const GET_RECORDS_LIMIT = 1000;

export interface ShardReaderContext {
  readonly mapping: StreamMapping;
  readonly streams: DynamoDBStreamsClient;
  readonly invoker: Invoker;
  readonly region: string;
  readonly functionArn: string;
  readonly destination: FailureDestination | undefined;
  readonly pollIntervalMs: number;
  readonly retryBackoffMs: number;
  readonly signal: AbortSignal;
  readonly log: MappingLog;
}

interface BufferedRecord {
  readonly record: DynamoDBStreamEventRecord;
  readonly readAtMs: number;
}

const sequenceNumberOf = (record: DynamoDBStreamEventRecord): string => record.dynamodb.SequenceNumber;
const arrivalSecondsOf = (record: DynamoDBStreamEventRecord): number =>
  record.dynamodb.ApproximateCreationDateTime;

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

/**
 * Reads one shard for one mapping, as Lambda's poller does: GetRecords every poll interval,
 * batches of records in shard order, one batch at a time with the shard blocked while a
 * batch is retried, and the position kept past a batch only once it succeeded or was given up.
 */
export class ShardReader {
  private readonly buffer: BufferedRecord[] = [];
  private lastReadSequenceNumber: string | undefined;
  private ended = false;

  private constructor(
    private readonly context: ShardReaderContext,
    readonly shardId: string,
    private readonly initialIteratorType: ShardIteratorType,
    private iterator: string | undefined,
  ) {}

  /** Takes the shard's first iterator now, so that a LATEST mapping sees every record written after its start. */
  static async open(
    context: ShardReaderContext,
    shardId: string,
    iteratorType: ShardIteratorType,
  ): Promise<ShardReader> {
    const iterator = await ShardReader.iteratorFor(context, shardId, iteratorType, undefined);
    return new ShardReader(context, shardId, iteratorType, iterator);
  }

  private static async iteratorFor(
    context: ShardReaderContext,
    shardId: string,
    type: ShardIteratorType,
    sequenceNumber: string | undefined,
  ): Promise<string | undefined> {
    const output = await context.streams.send(
      new GetShardIteratorCommand({
        StreamArn: context.mapping.eventSourceArn,
        ShardId: shardId,
        ShardIteratorType: type,
        SequenceNumber: sequenceNumber,
      }),
    );
    return output.ShardIterator;
  }

  /** Runs until the shard is closed and every record of it handled, or until the signal stops it. */
  async run(): Promise<void> {
    const { mapping, signal, pollIntervalMs } = this.context;
    while (!signal.aborted) {
      if (!this.ended && this.buffer.length < mapping.batchSize) await this.read();
      const ready = batchIsReady(
        { buffered: this.buffer.length, firstBufferedAtMs: this.buffer[0]?.readAtMs, shardEnded: this.ended },
        mapping,
        Date.now(),
      );
      if (ready) {
        await this.process(this.buffer.splice(0, mapping.batchSize).map(({ record }) => record));
        continue;
      }
      if (this.ended && this.buffer.length === 0) return;
      await sleep(pollIntervalMs, signal);
    }
  }

  private async read(): Promise<void> {
    const { mapping, streams, signal } = this.context;
    if (this.iterator === undefined) {
      this.ended = true;
      return;
    }
    try {
      const iterator = this.iterator;
      const output = await withRequestSignal(signal, (abortSignal) =>
        streams.send(
          new GetRecordsCommand({
            ShardIterator: iterator,
            Limit: Math.min(GET_RECORDS_LIMIT, mapping.batchSize),
          }),
          { abortSignal },
        ),
      );
      this.iterator = output.NextShardIterator;
      if (this.iterator === undefined) this.ended = true;
      const readAtMs = Date.now();
      for (const sdkRecord of output.Records ?? []) {
        const record = toStreamEventRecord(sdkRecord, mapping.eventSourceArn, this.context.region);
        this.lastReadSequenceNumber = record.dynamodb.SequenceNumber;
        if (mapping.filter === undefined || mapping.filter(record)) this.buffer.push({ record, readAtMs });
      }
    } catch (error) {
      if (signal.aborted) return;
      await this.recoverFromReadError(error);
    }
  }

  private async recoverFromReadError(error: unknown): Promise<void> {
    const { log, signal } = this.context;
    const details = { shardId: this.shardId, error: String(error) };
    try {
      switch (errorName(error)) {
        case 'ExpiredIteratorException':
          this.iterator =
            this.lastReadSequenceNumber === undefined
              ? await ShardReader.iteratorFor(this.context, this.shardId, this.initialIteratorType, undefined)
              : await ShardReader.iteratorFor(
                  this.context,
                  this.shardId,
                  'AFTER_SEQUENCE_NUMBER',
                  this.lastReadSequenceNumber,
                );
          return;
        case 'TrimmedDataAccessException':
          // Before the first record, nothing can have been lost: DynamoDB Local numbers the
          // records of every table from one counter, and says so of an iterator taken on an
          // empty shard once that shard's first record got a later number. From the oldest
          // record kept is then exactly from where the reader stands.
          if (this.lastReadSequenceNumber !== undefined)
            log('stream records expired before they were read; reading on from the oldest kept', details);
          this.iterator = await ShardReader.iteratorFor(
            this.context,
            this.shardId,
            'TRIM_HORIZON',
            undefined,
          );
          return;
        default:
          log('GetRecords failed; trying again', details);
      }
    } catch (recoveryError) {
      log('no new shard iterator; trying again', { ...details, error: String(recoveryError) });
    }
    await sleep(this.context.retryBackoffMs, signal);
  }

  /** Processes one batch to the end: success, or records given up, in shard order. */
  private async process(batch: readonly DynamoDBStreamEventRecord[]): Promise<void> {
    const { mapping, signal, retryBackoffMs, log } = this.context;
    let pending: Array<Segment<DynamoDBStreamEventRecord>> = [newSegment(batch)];
    while (pending.length > 0 && !signal.aborted) {
      const [head, ...rest] = pending;
      const expired = expiredRecordCount(
        head.records,
        arrivalSecondsOf,
        Date.now(),
        mapping.maximumRecordAgeInSeconds,
      );
      if (expired > 0) {
        await this.discard({
          ...head,
          condition: 'RecordAgeExceeded',
          records: head.records.slice(0, expired),
        });
        pending =
          expired === head.records.length
            ? rest
            : [{ ...head, records: head.records.slice(expired) }, ...rest];
        continue;
      }
      const outcome = await this.invoke(head.records);
      if (outcome === undefined) {
        // Lambda could not invoke (not a function error): retry, spending no retry, until the records age out.
        await sleep(retryBackoffMs, signal);
        continue;
      }
      const verdict = judgeBatchResponse(
        outcome,
        head.records.map(sequenceNumberOf),
        mapping.reportBatchItemFailures,
      );
      if (verdict.kind !== 'success') {
        log('stream batch failed', {
          shardId: this.shardId,
          records: head.records.length,
          ...(verdict.kind === 'partial' ? { failedRecords: verdict.failedIds } : { reason: verdict.reason }),
        });
      }
      const step = nextStreamStep(head, verdict, sequenceNumberOf, mapping);
      switch (step.kind) {
        case 'done':
          pending = rest;
          break;
        case 'retry':
          pending = [...step.segments, ...rest];
          if (step.backoff) await sleep(retryBackoffMs, signal);
          break;
        case 'discard':
          await this.discard({ ...step.segment, condition: 'RetryAttemptsExhausted' });
          pending = rest;
          break;
      }
    }
  }

  /** The invocation's outcome, or undefined when the invoker could not run the function at all. */
  private async invoke(records: readonly DynamoDBStreamEventRecord[]): Promise<InvokeOutcome | undefined> {
    const { mapping, invoker, log } = this.context;
    try {
      return await invoker.invoke(mapping.functionName, { Records: records });
    } catch (error) {
      log('the function could not be invoked', {
        functionName: mapping.functionName,
        error: String(error),
      });
      return undefined;
    }
  }

  /** Sends the on-failure record (until it is accepted or the poller stops), then lets the shard move on. */
  private async discard(discard: StreamDiscard): Promise<void> {
    const { mapping, destination, log, signal, retryBackoffMs } = this.context;
    const record = streamFailureRecord(discard, {
      requestId: randomUUID(),
      functionArn: this.context.functionArn,
      shardId: this.shardId,
      streamArn: mapping.eventSourceArn,
      now: new Date(),
    });
    log('stream records given up', {
      condition: discard.condition,
      destination: destination?.arn ?? 'none: the records are dropped',
      ...record.DDBStreamBatchInfo,
    });
    if (destination === undefined) return;
    while (!signal.aborted) {
      try {
        await destination.send(record);
        return;
      } catch (error) {
        log('the on-failure record could not be sent; trying again', {
          destination: destination.arn,
          error: String(error),
        });
        await sleep(retryBackoffMs, signal);
      }
    }
  }
}

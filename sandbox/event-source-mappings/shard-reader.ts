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
import { itemKeyOf, PartitionLanes, type LaneBatch } from './partition-lanes';
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

const sequenceNumberOf = (record: DynamoDBStreamEventRecord): string => record.dynamodb.SequenceNumber;
const arrivalSecondsOf = (record: DynamoDBStreamEventRecord): number =>
  record.dynamodb.ApproximateCreationDateTime;

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

/**
 * Reads one shard for one mapping, as Lambda's poller does: GetRecords every poll interval,
 * the records split by item into `ParallelizationFactor` lanes, and in each lane batches in
 * shard order, one at a time, the lane blocked while its batch is retried. Other lanes go
 * on meanwhile. The shard counts as read only once every lane has handled every record.
 */
export class ShardReader {
  private readonly lanes: PartitionLanes<DynamoDBStreamEventRecord>;
  /** One controller per lane's batch in flight, so retry pauses do not each add a listener to the poller's signal. */
  private readonly laneStops = new Set<AbortController>();
  private readonly running = new Set<Promise<void>>();
  /** What a lane threw unexpectedly (not a function error): it stops the reader, as a throw did before lanes. */
  private laneError: { readonly error: unknown } | undefined;
  private wake: (() => void) | undefined;
  private lastReadSequenceNumber: string | undefined;
  private ended = false;

  private constructor(
    private readonly context: ShardReaderContext,
    readonly shardId: string,
    private readonly initialIteratorType: ShardIteratorType,
    private iterator: string | undefined,
  ) {
    this.lanes = new PartitionLanes(context.mapping.parallelizationFactor, (record) =>
      itemKeyOf(record.dynamodb.Keys),
    );
  }

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

  /**
   * Runs until the shard is closed and every record of it handled in every lane, or until
   * the signal stops it; either way it resolves only once no lane has an invocation out.
   */
  async run(): Promise<void> {
    const { mapping, signal } = this.context;
    // Reading goes on while lanes are busy, until a full batch per lane waits: that bounds what a reader holds.
    const readAhead = mapping.batchSize * mapping.parallelizationFactor;
    const stopLanes = (): void => {
      for (const stop of this.laneStops) stop.abort();
    };
    signal.addEventListener('abort', stopLanes, { once: true });
    try {
      while (!signal.aborted) {
        if (this.laneError !== undefined) throw this.laneError.error;
        if (!this.ended && this.lanes.waiting < readAhead) await this.read();
        if (signal.aborted) break;
        const started = this.lanes.takeReadyBatches(mapping, Date.now(), this.ended);
        for (const batch of started) this.startLane(batch);
        if (this.ended && this.lanes.drained) return;
        if (started.length === 0) await this.pause();
      }
    } finally {
      signal.removeEventListener('abort', stopLanes);
      // Nothing runs here after a normal end; after a lane's error the others stop too.
      stopLanes();
      await Promise.all(this.running);
    }
  }

  /** Processes a lane's batch beside the others; the lane takes its next batch once this one is handled. */
  private startLane({ lane, records }: LaneBatch<DynamoDBStreamEventRecord>): void {
    const stop = new AbortController();
    this.laneStops.add(stop);
    const running: Promise<void> = this.process(records, lane, stop.signal)
      .catch((error: unknown) => {
        this.laneError ??= { error };
      })
      .finally(() => {
        this.laneStops.delete(stop);
        this.running.delete(running);
        this.lanes.release(lane);
        this.wake?.();
      });
    this.running.add(running);
  }

  /** Waits one poll interval, or less when a lane is released or the poller stops. */
  private pause(): Promise<void> {
    const { signal, pollIntervalMs } = this.context;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, pollIntervalMs);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
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
        if (mapping.filter === undefined || mapping.filter(record)) this.lanes.push(record, readAtMs);
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

  /** Processes one lane's batch to the end: success, or records given up, in shard order. */
  private async process(
    batch: readonly DynamoDBStreamEventRecord[],
    lane: number,
    signal: AbortSignal,
  ): Promise<void> {
    const { mapping, retryBackoffMs, log } = this.context;
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
        await this.discard(
          { ...head, condition: 'RecordAgeExceeded', records: head.records.slice(0, expired) },
          lane,
          signal,
        );
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
          ...this.laneDetail(lane),
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
          await this.discard({ ...step.segment, condition: 'RetryAttemptsExhausted' }, lane, signal);
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

  /** Names the lane in a log line when the shard has more than one. */
  private laneDetail(lane: number): { lane?: number } {
    return this.context.mapping.parallelizationFactor > 1 ? { lane } : {};
  }

  /** Sends the on-failure record (until it is accepted or the poller stops), then lets the lane move on. */
  private async discard(discard: StreamDiscard, lane: number, signal: AbortSignal): Promise<void> {
    const { mapping, destination, log, retryBackoffMs } = this.context;
    const record = streamFailureRecord(discard, {
      requestId: randomUUID(),
      functionArn: this.context.functionArn,
      shardId: this.shardId,
      streamArn: mapping.eventSourceArn,
      now: new Date(),
    });
    log('stream records given up', {
      ...this.laneDetail(lane),
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

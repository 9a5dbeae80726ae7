import type { BatchVerdict } from '../../../sandbox/event-source-mappings/batch-response';
import {
  expiredRecordCount,
  newSegment,
  nextStreamStep,
  STREAM_RETENTION_SECONDS,
  type Segment,
  type StreamStep,
} from '../../../sandbox/event-source-mappings/stream-retry';

const id = (record: string): string => record;
const success: BatchVerdict = { kind: 'success' };
const functionError: BatchVerdict = { kind: 'failure', functionError: true, reason: 'Error: boom' };
const malformed: BatchVerdict = { kind: 'failure', functionError: false, reason: 'bad' };
const partial = (...failedIds: string[]): BatchVerdict => ({ kind: 'partial', failedIds });

const plain = { maximumRetryAttempts: 2, bisectBatchOnFunctionError: false };
const bisect = { maximumRetryAttempts: 2, bisectBatchOnFunctionError: true };

function records(step: StreamStep<string>): string[][] {
  if (step.kind === 'retry') return step.segments.map((segment) => [...segment.records]);
  if (step.kind === 'discard') return [[...step.segment.records]];
  return [];
}

/** Runs a shard's pending segments to the end against a function that fails on `poison` records. */
function drain(
  batch: string[],
  settings: typeof plain,
  answer: (records: readonly string[]) => BatchVerdict,
) {
  let pending: Array<Segment<string>> = [newSegment(batch)];
  const invocations: string[][] = [];
  const discarded: Array<{ records: string[]; invocations: number }> = [];
  while (pending.length > 0) {
    const [head, ...rest] = pending;
    invocations.push([...head.records]);
    const step = nextStreamStep(head, answer(head.records), id, settings);
    if (step.kind === 'done') pending = rest;
    else if (step.kind === 'retry') pending = [...step.segments, ...rest];
    else {
      discarded.push({ records: [...step.segment.records], invocations: step.segment.invocations });
      pending = rest;
    }
  }
  return { invocations, discarded };
}

describe('nextStreamStep', () => {
  it('is done when the batch succeeds', () => {
    expect(nextStreamStep(newSegment(['1', '2']), success, id, plain)).toEqual({ kind: 'done' });
  });

  it('retries the whole batch, in order, after a function error, spending a retry', () => {
    const step = nextStreamStep(newSegment(['1', '2', '3']), functionError, id, plain);
    expect(step).toMatchObject({ kind: 'retry', backoff: true });
    expect(records(step)).toEqual([['1', '2', '3']]);
    expect(step.kind === 'retry' && step.segments[0]).toMatchObject({
      retries: 1,
      invocations: 1,
      lastFunctionError: true,
    });
  });

  it('discards the batch once MaximumRetryAttempts retries are spent', () => {
    const { invocations, discarded } = drain(['1', '2'], plain, () => functionError);
    expect(invocations).toHaveLength(3);
    expect(discarded).toEqual([{ records: ['1', '2'], invocations: 3 }]);
  });

  it('never gives up with MaximumRetryAttempts -1', () => {
    let segment = newSegment(['1']);
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const step = nextStreamStep(segment, functionError, id, { ...plain, maximumRetryAttempts: -1 });
      if (step.kind !== 'retry') throw new Error(`gave up after ${attempt + 1} attempts`);
      segment = step.segments[0];
    }
    expect(segment.retries).toBe(50);
  });

  it('discards at once with MaximumRetryAttempts 0', () => {
    const step = nextStreamStep(newSegment(['1']), functionError, id, { ...plain, maximumRetryAttempts: 0 });
    expect(step).toMatchObject({ kind: 'discard', segment: { records: ['1'], invocations: 1 } });
  });

  it('retries from the lowest reported record, later successes included', () => {
    const step = nextStreamStep(newSegment(['1', '2', '3', '4']), partial('4', '2'), id, plain);
    expect(records(step)).toEqual([['2', '3', '4']]);
    expect(step).toMatchObject({ kind: 'retry', backoff: true });
    expect(step.kind === 'retry' && step.segments[0]).toMatchObject({ retries: 1, lastFunctionError: false });
  });

  it('treats a malformed response as a failure that is not a function error', () => {
    const step = nextStreamStep(newSegment(['1']), malformed, id, plain);
    expect(step.kind === 'retry' && step.segments[0].lastFunctionError).toBe(false);
  });

  it('halves a failed batch when bisecting, spending no retry and not waiting', () => {
    const step = nextStreamStep(newSegment(['1', '2', '3', '4', '5']), functionError, id, bisect);
    expect(step).toMatchObject({ kind: 'retry', backoff: false });
    expect(records(step)).toEqual([
      ['1', '2', '3'],
      ['4', '5'],
    ]);
    expect(step.kind === 'retry' && step.segments.map((segment) => segment.retries)).toEqual([0, 0]);
  });

  it('splits at the reported record with a partial response when bisecting, spending no retry', () => {
    const step = nextStreamStep(newSegment(['1', '2', '3']), partial('2'), id, bisect);
    expect(records(step)).toEqual([['2', '3']]);
    expect(step).toMatchObject({ kind: 'retry', backoff: false, segments: [{ retries: 0 }] });
  });

  it('spends a retry when the reported record is the first, bisecting or not', () => {
    const step = nextStreamStep(newSegment(['1', '2']), partial('1'), id, bisect);
    expect(step).toMatchObject({
      kind: 'retry',
      backoff: true,
      segments: [{ records: ['1', '2'], retries: 1 }],
    });
  });

  it('isolates a poison record by bisecting and gives up only that record', () => {
    const { invocations, discarded } = drain(['1', '2', '3', '4'], bisect, (batch) =>
      batch.includes('3') ? functionError : success,
    );
    expect(discarded).toEqual([{ records: ['3'], invocations: 5 }]);
    expect(invocations).toEqual([['1', '2', '3', '4'], ['1', '2'], ['3', '4'], ['3'], ['3'], ['3'], ['4']]);
  });

  it('throws when a partial response names no record of the segment', () => {
    expect(() => nextStreamStep(newSegment(['1']), partial('9'), id, plain)).toThrow(/must name a record/);
  });
});

describe('expiredRecordCount', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  const at = (secondsAgo: number): number => now / 1000 - secondsAgo;

  it('counts the records at the head older than MaximumRecordAgeInSeconds', () => {
    expect(expiredRecordCount([at(120), at(61), at(60), at(5)], (seconds) => seconds, now, 60)).toBe(2);
  });

  it('uses the 24-hour retention when the maximum age is -1', () => {
    expect(
      expiredRecordCount([at(STREAM_RETENTION_SECONDS + 1), at(3600)], (seconds) => seconds, now, -1),
    ).toBe(1);
  });

  it('counts none when the first record is young enough', () => {
    expect(expiredRecordCount([at(10), at(5)], (seconds) => seconds, now, 60)).toBe(0);
  });
});
